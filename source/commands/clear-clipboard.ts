import {MsidError} from '../errors.js';
import type {Command} from './context.js';

// Being written; refuses clearly until then.
export const clearClipboard: Command = async () => {
	throw new MsidError('not-available', 'This build cannot clear the clipboard later yet.');
};
