/**
 * Runs a command with extra environment variables (`msid exec`): the token goes into the
 * child's environment only, never into msid's own. The child shares the terminal; the signals
 * that end msid are passed on to it, and its exit status becomes msid's, the way a shell
 * reports it (128 + the signal's number when a signal ended it).
 */
import {constants} from 'node:os';
import {MsidError} from '../model/errors.js';

export interface RunWithEnvOptions {
	command: string;
	args: readonly string[];
	/** Added to msid's own environment for the child. */
	env: Record<string, string>;
	/** Removed from the child's environment: stale values a previous msid-env left in the shell. */
	unset?: readonly string[];
	/** Aborting ends the child with SIGTERM. */
	signal?: AbortSignal;
}

/** The command could not be started; `shellStatus` is what a shell would exit with (127, 126). */
export class CommandStartError extends MsidError {
	constructor(
		message: string,
		readonly shellStatus: 126 | 127,
		options: {cause?: unknown; hint?: string},
	) {
		super(shellStatus === 127 ? 'command-not-found' : 'command-not-executable', message, options);
	}
}

const forwardedSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function runWithEnv({command, args, env, unset = [], signal}: RunWithEnvOptions): Promise<number> {
	const {execa} = await import('execa');
	const childEnv: Record<string, string | undefined> = {...process.env};
	for (const name of unset) {
		delete childEnv[name];
	}

	const child = execa(command, args, {
		env: {...childEnv, ...env},
		extendEnv: false,
		stdio: 'inherit',
		reject: false,
		...(signal && {cancelSignal: signal}),
	});
	// While the child runs, msid stays alive for these signals and lets the child decide.
	const forward = (name: NodeJS.Signals) => child.kill(name);
	for (const name of forwardedSignals) {
		process.on(name, forward);
	}

	try {
		const result = await child;
		if (result.signal) {
			return 128 + constants.signals[result.signal];
		}

		if (result.exitCode !== undefined) {
			return result.exitCode;
		}

		throw startError(command, result.cause);
	} finally {
		for (const name of forwardedSignals) {
			process.off(name, forward);
		}
	}
}

function startError(command: string, cause: unknown): MsidError {
	const code = (cause as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'ENOENT') {
		return new CommandStartError(`Command not found: ${command}`, 127, {cause, hint: 'Check the name, or your PATH.'});
	}

	if (code === 'EACCES') {
		return new CommandStartError(`Cannot run ${command}: permission denied`, 126, {cause, hint: 'Make it executable (chmod +x), or check the path.'});
	}

	return new MsidError('command-failed-to-start', `Could not start ${command}: ${cause instanceof Error ? cause.message : String(cause)}`, {cause});
}
