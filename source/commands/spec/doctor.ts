import {defineCommand} from './define.js';
import {jsonOption} from './shared.js';

export const doctorSpec = defineCommand({
	name: 'doctor',
	summary: 'check the secret store, clipboard, browser, hook, clock and accounts',
	description: 'Checks the secret store, clipboard, browser opener, shell hook, clock skew and every account; exits 1 when a check fails.',
	options: {json: jsonOption},
	examples: [{command: 'msid doctor', description: 'every check, one line each'}],
});
