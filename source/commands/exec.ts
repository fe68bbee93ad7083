import {MsidError} from '../errors.js';
import type {Command} from './context.js';

// Being written; refuses clearly until then.
export const exec: Command = async () => {
	throw new MsidError('not-available', 'msid exec is not available in this build yet.');
};
