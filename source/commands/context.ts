import type {Runtime} from '../app/runtime/runtime.js';
import type {Services} from '../model/services.js';

/** What a command gets: the core, the streams, and the signal that Ctrl-C aborts. */
export interface CommandContext {
	runtime: Runtime;
	services: Services;
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WritableStream & {isTTY?: boolean};
	stderr: NodeJS.WritableStream & {isTTY?: boolean};
	signal: AbortSignal;
}

export type Command = (argv: string[], context: CommandContext) => Promise<number>;
