/**
 * Runs a command with extra environment variables (`msid exec`): the token goes into the
 * child's environment only, never into msid's own. The child shares the terminal and its exit
 * status becomes msid's, the way a shell reports it (128 + the signal's number when a signal
 * ended it). While it runs, msid outlives the signals that would end it and lets the child
 * decide, delivering each signal to the child exactly once:
 * - POSIX: Ctrl-C, Ctrl-\ and a hang-up reach the whole foreground process group, the child
 *   included; msid passes on only what was sent to msid alone (`kill -INT PID`), as a group
 *   witness tells (group-witness.ts). A command that traps SIGINT to clean up (terraform) then
 *   sees one interrupt, not two.
 * - Windows: the console already delivers Ctrl-C and Ctrl-Break to every process attached to
 *   it, and Node's kill() there is TerminateProcess, not a signal: msid never kills the child
 *   on Ctrl-C. When msid itself must end it (its console closes, or it is told to stop), it ends
 *   the whole tree with taskkill /T, so a .cmd command (az) goes with the cmd.exe that runs it.
 */
import {spawn} from 'node:child_process';
import {constants} from 'node:os';
import {MsidError} from '../model/errors.js';
import {GroupWitness, type WitnessedSignal} from './group-witness.js';

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

const posixSignals = ['SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGHUP'] as const;
const windowsSignals = ['SIGINT', 'SIGBREAK', 'SIGTERM', 'SIGHUP'] as const;

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
	let ended = false;
	const target: RelayTarget = {pid: child.pid, kill: name => child.kill(name), ended: () => ended};
	const relay = process.platform === 'win32' ? windowsRelay(target) : posixRelay(target);
	const listened = process.platform === 'win32' ? windowsSignals : posixSignals;
	for (const name of listened) {
		process.on(name, relay.forward);
	}

	try {
		const result = await child.finally(() => {
			ended = true;
		});
		if (result.signal) {
			return 128 + constants.signals[result.signal];
		}

		if (result.exitCode !== undefined) {
			return result.exitCode;
		}

		throw startError(command, result.cause);
	} finally {
		for (const name of listened) {
			process.off(name, relay.forward);
		}

		relay.stop();
	}
}

interface RelayTarget {
	pid: number | undefined;
	kill(name: NodeJS.Signals): void;
	ended(): boolean;
}

interface Relay {
	forward(name: NodeJS.Signals): void;
	stop(): void;
}

function posixRelay(child: RelayTarget): Relay {
	const witness = new GroupWitness();
	return {
		forward(name) {
			void witness.reachedGroup(name as WitnessedSignal).then(reached => {
				if (!reached && !child.ended()) {
					child.kill(name);
				}
			});
		},
		stop() {
			witness.stop();
		},
	};
}

function windowsRelay(child: RelayTarget): Relay {
	return {
		forward(name) {
			// Ctrl-C and Ctrl-Break already reached the child through the console.
			if (name === 'SIGINT' || name === 'SIGBREAK' || child.pid === undefined || child.ended()) {
				return;
			}

			spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], {stdio: 'ignore', windowsHide: true}).on('error', () => {
				child.kill(name);
			});
		},
		stop() {},
	};
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
