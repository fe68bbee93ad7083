/**
 * A private Secret Service for tests: its own D-Bus session bus with gnome-keyring on it,
 * keeping its keyrings in a temp folder, so tests never see or touch the user's keychain and
 * parallel sessions never see each other.
 *
 * Usage:
 *
 *     testNeeding(missingKeyringTools())('title', async t => {   // test/helpers/tool-gate.ts
 *         const session = await startKeyringSession();
 *     try {
 *         await execa('node', ['dist/cli.js', 'login', ...], {env: {...process.env, ...session.env}});
 *     } finally {
 *         await session.stop();
 *     }
 *
 * Pass `session.env` to child processes. @napi-rs/keyring fixes its backend and its D-Bus
 * connection at its first call in a process, so a test process may use the session itself
 * only when it sets DBUS_SESSION_BUS_ADDRESS before its first keychain call (one session per
 * test file, set in `test.before`); anything else belongs in a child process.
 *
 * `{secretService: false}` starts the bus alone (no keyring daemon), to test what msid says
 * when nothing provides the Secret Service; `session.lockKeyring()` locks the default keyring.
 */
import {type ChildProcess, execFile, spawn} from 'node:child_process';
import {accessSync, constants} from 'node:fs';
import {mkdir, readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {makeTempDir, removeTempDir} from './temp-dirs.js';

export interface KeyringSessionEnv {
	/** The private session bus. */
	DBUS_SESSION_BUS_ADDRESS: string;
	/** Where gnome-keyring keeps this session's keyrings. */
	XDG_DATA_HOME: string;
	/** This session's sockets (gnome-keyring's control socket), apart from any other session. */
	XDG_RUNTIME_DIR: string;
}

export interface KeyringSession {
	env: KeyringSessionEnv;
	/** Locks the default (login) keyring, as after a screen lock; reading then needs an unlock prompt. */
	lockKeyring(): Promise<void>;
	/**
	 * Sends a signal to the session's keyring daemon, or to its bus daemon: SIGSTOP makes one
	 * that never answers.
	 */
	signalDaemon(signal: NodeJS.Signals, daemon?: 'gnome-keyring' | 'dbus'): Promise<void>;
	/** Ends the bus, the keyring daemon and everything else in the session, and removes its folders. */
	stop(): Promise<void>;
}

export interface KeyringSessionOptions {
	/** Start gnome-keyring's Secret Service on the bus (default true). */
	secretService?: boolean;
	/** How long to wait for the session to come up. Default 15 s. */
	timeoutMs?: number;
}

const tools = [
	{command: 'dbus-run-session', debianPackage: 'dbus'},
	{command: 'dbus-send', debianPackage: 'dbus'},
	{command: 'gnome-keyring-daemon', debianPackage: 'gnome-keyring'},
];

/** A message naming the missing tools and their Debian packages, or undefined when all are there. */
export function missingKeyringTools(): string | undefined {
	const missing = tools.filter(tool => !onPath(tool.command));
	if (missing.length === 0) {
		return undefined;
	}

	const packages = [...new Set(missing.map(tool => tool.debianPackage))].join(' ');
	return `Skipped: ${missing.map(tool => tool.command).join(', ')} not found; install the Debian packages ${packages} (apt-get install ${packages}) to run the real keychain tests.`;
}

// The daemon reads the new login keyring's password from stdin; it must not be empty, or no
// default keyring is created. The loop waits until the daemon owns its bus name.
const keyringScript = `
printf '%s' "$MSID_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 3
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
	org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
	tries=$((tries + 1)); [ "$tries" -gt 200 ] && exit 4; sleep 0.05
done
`;
const announceScript = 'echo "bus=$DBUS_SESSION_BUS_ADDRESS"; exec sleep 1000000';

export async function startKeyringSession(options: KeyringSessionOptions = {}): Promise<KeyringSession> {
	const missing = missingKeyringTools();
	if (missing) {
		throw new Error(missing);
	}

	const home = await makeTempDir('msid-keyring-');
	const env: KeyringSessionEnv = {
		DBUS_SESSION_BUS_ADDRESS: '',
		XDG_DATA_HOME: path.join(home, 'data'),
		XDG_RUNTIME_DIR: path.join(home, 'run'),
	};
	await mkdir(env.XDG_DATA_HOME, {mode: 0o700});
	await mkdir(env.XDG_RUNTIME_DIR, {mode: 0o700});
	const script = (options.secretService ?? true) ? keyringScript + announceScript : announceScript;
	// Detached: the session gets its own process group, so stop() can end all of it at once.
	const child = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {...process.env, ...env, MSID_TEST_KEYRING_PASSWORD: 'msid-test-keyring'},
	});
	// Neither the session nor its pipes keep the test process alive; the exit hook below ends it.
	child.unref();
	for (const stream of [child.stdout, child.stderr]) {
		(stream as unknown as {unref?: () => void} | null)?.unref?.();
	}

	const killGroup = (signal: NodeJS.Signals = 'SIGKILL') => {
		try {
			process.kill(-child.pid!, signal);
		} catch {}
	};

	// A test process that dies without stop() must not leave daemons behind.
	const onExit = () => {
		killGroup();
	};

	process.once('exit', onExit);
	const stop = async () => {
		process.off('exit', onExit);
		child.ref(); // Keep this process alive until the session has gone.
		const exited = new Promise(resolve => {
			if (child.exitCode === null && child.signalCode === null) {
				child.once('exit', resolve);
			} else {
				resolve(undefined);
			}
		});
		killGroup('SIGTERM'); // Lets the daemons end cleanly; SIGKILL below catches any that linger.
		await exited;
		killGroup();
		await removeTempDir(home);
	};

	try {
		env.DBUS_SESSION_BUS_ADDRESS = await busAddress(child, options.timeoutMs ?? 15_000);
	} catch (error) {
		await stop();
		throw error;
	}

	return {
		env,
		async lockKeyring() {
			await promisify(execFile)('dbus-send', [
				'--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets',
				'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login',
			], {env: {...process.env, ...env}});
		},
		async signalDaemon(signal, daemon = 'gnome-keyring') {
			const daemons = await processesInGroup(child.pid!, daemon === 'dbus' ? 'dbus-daemon' : 'gnome-keyring-d');
			if (daemons.length === 0) {
				throw new Error(`the test keyring session has no ${daemon} daemon`);
			}

			for (const pid of daemons) {
				process.kill(pid, signal);
			}
		},
		stop,
	};
}

/** The processes of a process group with a command name (as /proc/PID/stat gives it, at most 15 characters). */
async function processesInGroup(group: number, command: string): Promise<number[]> {
	const pids: number[] = [];
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}

		const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
		// pid (comm) state ppid pgrp …: the name may hold spaces and parentheses, so split after the last ')'.
		const close = stat.lastIndexOf(')');
		const name = stat.slice(stat.indexOf('(') + 1, close);
		const [, , groupText] = stat.slice(close + 2).split(' ');
		if (name === command && Number(groupText) === group) {
			pids.push(Number(entry));
		}
	}

	return pids;
}

async function busAddress(child: ChildProcess, timeoutMs: number): Promise<string> {
	return new Promise((resolve, reject) => {
		let stdout = '';
		let stderr = '';
		const fail = (why: string) => {
			clearTimeout(timer);
			reject(new Error(`The test keyring session did not start (${why}): ${stderr.trim()}`));
		};

		const timer = setTimeout(() => {
			fail(`no bus address after ${timeoutMs} ms`);
		}, timeoutMs);
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
			const match = /^bus=(.+)$/m.exec(stdout);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]!);
			}
		});
		child.once('exit', code => {
			fail(`exited with ${code}`);
		});
		child.once('error', error => {
			fail(error.message);
		});
	});
}

function onPath(command: string): boolean {
	return (process.env['PATH'] ?? '').split(path.delimiter).some(dir => {
		try {
			accessSync(path.join(dir, command), constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
}
