/** msid help [COMMAND]: the same text as msid --help and msid COMMAND --help, on stdout. */
import type {CommandIo, Command} from './context.js';
import {findCommand} from './find-command.js';
import {commandHelp, globalHelp} from './help-text.js';
import type {helpSpec} from './spec/help.js';

export const help: Command<typeof helpSpec> = async ({positionals}, {stdout}: CommandIo) => {
	const [name] = positionals;
	stdout.write(name === undefined ? globalHelp() : commandHelp(findCommand(name)));
	return 0;
};
