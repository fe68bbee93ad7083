/**
 * Runs the real, built msid (dist/cli.js, dist/env.js) as a child process with an isolated
 * environment: its own HOME, config dir and keychain service name, plus whatever a test adds
 * (a private D-Bus session, AZURE_AUTHORITY_HOST pointing at the emulator...).
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startKeyringSession, type KeyringSession} from './keyring-session.js';
import {makeTempDir} from './temp-dirs.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');
export const envPath = path.join(repoRoot, 'dist', 'env.js');

export interface MsidEnv {
	env: NodeJS.ProcessEnv;
	home: string;
	configDir: string;
	service: string;
}

/** A fresh HOME and config dir and a unique keychain service; `extra` wins over the defaults. */
export async function makeMsidEnv(extra: object = {}): Promise<MsidEnv> {
	const home = await makeTempDir('msid-home-');
	const configDir = path.join(home, '.config', 'msid');
	await mkdir(configDir, {recursive: true, mode: 0o700});
	const service = `msid-test-${randomBytes(4).toString('hex')}`;
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: home,
		LANG: 'C.UTF-8',
		TERM: 'dumb',
		NO_COLOR: '1',
		MSID_CONFIG_DIR: configDir,
		MSID_KEYCHAIN_SERVICE: service,
		...(extra as NodeJS.ProcessEnv),
	};
	return {env, home, configDir, service};
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export interface Running {
	child: ChildProcess;
	/** Resolves with the first stderr text matching `pattern`. */
	waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
	done: Promise<RunResult>;
}

export function startMsid(args: string[], env: NodeJS.ProcessEnv, options: {program?: string; input?: string} = {}): Running {
	const child = spawn(process.execPath, [options.program ?? cliPath, ...args], {env, stdio: ['pipe', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	const waiters: Array<{pattern: RegExp; resolve: (match: RegExpMatchArray) => void}> = [];
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
	});
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
		for (const waiter of [...waiters]) {
			const match = waiter.pattern.exec(stderr);
			if (match) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve(match);
			}
		}
	});
	child.stdin!.end(options.input ?? '');
	const done = new Promise<RunResult>(resolve => {
		child.on('close', (code, signal) => {
			resolve({code, signal, stdout, stderr});
		});
	});
	return {
		child,
		done,
		async waitForStderr(pattern, timeoutMs = 20_000) {
			const existing = pattern.exec(stderr);
			if (existing) {
				return existing;
			}

			return new Promise<RegExpMatchArray>((resolve, reject) => {
				const timer = setTimeout(() => {
					reject(new Error(`msid did not print ${pattern} within ${timeoutMs} ms; stderr so far:\n${stderr}`));
				}, timeoutMs);
				waiters.push({
					pattern,
					resolve(match) {
						clearTimeout(timer);
						resolve(match);
					},
				});
				void done.then(() => {
					clearTimeout(timer);
					reject(new Error(`msid exited before printing ${pattern}; stderr:\n${stderr}`));
				});
			});
		},
	};
}

export async function runMsid(args: string[], env: NodeJS.ProcessEnv, options: {program?: string; input?: string} = {}): Promise<RunResult> {
	return startMsid(args, env, options).done;
}

export async function runMsidEnv(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
	return runMsid(args, env, {program: envPath});
}

/**
 * A private keychain for one test file, usable by msid child processes (pass `.env`) and by
 * the test process itself: the keyring module binds to a D-Bus session at its first call, so
 * the address goes into this process' environment before any test touches a secret.
 */
export async function startTestKeyring(): Promise<KeyringSession> {
	const session = await startKeyringSession();
	Object.assign(process.env, session.env);
	return session;
}
