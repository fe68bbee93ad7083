import {defineCommand} from './define.js';

export const demoSpec = defineCommand({
	name: 'demo',
	summary: 'open the dashboard on a local identity emulator',
	description: 'Starts a local identity emulator (demo users alice and bob) and opens the dashboard on it.\n'
		+ 'Sign-ins, tokens and keychain entries of the demo are removed when it ends.',
	options: {},
});
