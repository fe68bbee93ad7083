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

