/**
 * From argv to a command's work: find the declaration, parse against it, answer --help from it,
 * and only then load the command's code and (unless it is bare) the runtime.
 */
import {UsageError} from '../model/errors.js';
import type {CommandContext, CommandIo} from './context.js';
import {findCommand} from './find-command.js';
import {commandHelp, globalHelp} from './help-text.js';
import {parseCommand} from './parse.js';
import {runnables} from './registry.js';
import {suggest} from './suggest.js';

export const globalOptions = ['--help', '--version'] as const;

export async function runCommandLine(argv: readonly string[], io: CommandIo, openContext: () => Promise<CommandContext>): Promise<number> {
	const [name = '', ...rest] = argv;
	if (name === '--help' || name === '-h') {
		io.stdout.write(globalHelp());
		return 0;
	}

	if (name.startsWith('-')) {
		const close = suggest(name, globalOptions);
		throw new UsageError(close ? `Unknown option '${name}': did you mean ${close}?` : `Unknown option '${name}': msid --help lists the commands and options.`);
	}

	const spec = findCommand(name);
	const entry = runnables.find(candidate => candidate.spec === spec)!;
	const parsed = parseCommand(spec, rest);
	if (parsed.help) {
		io.stdout.write(commandHelp(spec));
		return 0;
	}

	const command = await entry.load();
	return command(parsed.args, spec.bare ? io : await openContext());
}
