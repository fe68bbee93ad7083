import type {Runtime} from '../app/runtime/runtime.js';
import type {Services} from '../model/services.js';
import type {CommandSpec, Parsed} from './spec/define.js';

/** What every command gets: the process' streams, environment, and the signal that Ctrl-C aborts. */
export interface CommandIo {
	env: NodeJS.ProcessEnv;
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WritableStream & {isTTY?: boolean};
	stderr: NodeJS.WritableStream & {isTTY?: boolean};
	signal: AbortSignal;
}

/** What a command that works on accounts gets besides: the core. */
export interface CommandContext extends CommandIo {
	runtime: Runtime;
	services: Services;
}

/** A command's work: parsed, typed options in, exit status out. Parsing and help happen before. */
export type Command<S extends CommandSpec> = (args: Parsed<S>, context: S extends {bare: true} ? CommandIo : CommandContext) => Promise<number>;
