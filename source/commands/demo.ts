import {MsidError} from '../errors.js';
import type {Command} from './context.js';

// Being written; refuses clearly until then.
export const demo: Command = async () => {
	throw new MsidError('not-available', 'msid demo is not available in this build yet.');
};
