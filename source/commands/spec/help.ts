import {defineCommand} from './define.js';

export const helpSpec = defineCommand({
	name: 'help',
	summary: 'show the help of msid or of a command',
	description: 'Shows the list of commands, or a command\'s options and examples (the same as msid COMMAND --help).',
	arguments: [{name: 'COMMAND', optional: true, complete: 'command', description: 'the command to explain'}],
	options: {},
	examples: [{command: 'msid help login', description: 'login\'s options and examples'}],
	bare: true,
});
