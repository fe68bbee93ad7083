import {MsidError} from '../errors.js';
import type {Command} from './context.js';

// Being written; refuses clearly until then.
export const doctor: Command = async () => {
	throw new MsidError('not-available', 'msid doctor is not available in this build yet.');
};
