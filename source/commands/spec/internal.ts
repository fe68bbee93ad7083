/** Commands msid runs itself; not part of the command-line contract. */
import {defineCommand} from './define.js';

/** The detached process that clears a copied token from the clipboard later. */
export const clearClipboardSpec = defineCommand({
	name: '__clear-clipboard',
	summary: 'clear a copied token from the clipboard later',
	description: 'Internal: started by msid token --copy.',
	options: {
		sha256: {type: 'string', value: 'HEX', description: 'SHA-256 of the token to clear'},
		tty: {type: 'string', value: 'DEVICE', description: 'the terminal whose clipboard (OSC 52) holds the token'},
	},
	hidden: true,
});


/** What the completion scripts call on each Tab: the words that may come next. */
export const completeSpec = defineCommand({
	name: '__complete',
	summary: 'words for the completion scripts',
	description: 'Internal: given the words typed after msid, prints what may come in place of the last one.',
	// One option per word rather than positionals: PowerShell drops empty arguments and may eat
	// `--`, and the word under the cursor is often empty.
	options: {word: {type: 'string', multiple: true, value: 'WORD', description: 'a word typed after msid, in order; the last is the one being completed'}},
	hidden: true,
	bare: true,
});
