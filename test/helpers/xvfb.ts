/**
 * A private X display (Xvfb) for tests that need a real clipboard: the program under test
 * gets `DISPLAY` from `.env`, and `readClipboard()` reads what it copied with xsel, exactly as
 * another application on that display would.
 */
import {execFile, spawn} from 'node:child_process';
import type {ExecutionContext} from 'ava';
import {promisify} from 'node:util';
import {findTool, missingToolMessage} from '../shell/tools.js';
import {testNeeding} from './tool-gate.js';

const packages = {Xvfb: 'xvfb', xsel: 'xsel'} as const;

/** Why these tests cannot run here (naming the Debian package), or undefined when they can. */
export function missingXvfbTools(): string | undefined {
	const missing = (Object.keys(packages) as Array<keyof typeof packages>).find(tool => !findTool(tool));
	return missing && missingToolMessage(missing, packages[missing]);
}

export interface XvfbDisplay {
	env: {DISPLAY: string};
	/** The CLIPBOARD selection's text, read by xsel on this display. */
	readClipboard(): Promise<string>;
	stop(): Promise<void>;
}

export async function startXvfb(timeoutMs = 15_000): Promise<XvfbDisplay> {
	// -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
	const xvfb = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp'], {stdio: ['ignore', 'ignore', 'pipe', 'pipe']});
	// A test process that dies without stop() must not leave the server behind.
	const onExit = () => {
		xvfb.kill('SIGKILL');
	};

	process.once('exit', onExit);
	const exited = new Promise<void>(resolve => {
		xvfb.once('exit', () => {
			process.off('exit', onExit);
			resolve();
		});
	});
	const display = await new Promise<string>((resolve, reject) => {
		let output = '';
		let stderr = '';
		const timer = setTimeout(() => {
			xvfb.kill('SIGKILL');
			reject(new Error(`Xvfb reported no display within ${timeoutMs} ms: ${stderr.trim()}`));
		}, timeoutMs);
		xvfb.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('\n')) {
				clearTimeout(timer);
				resolve(`:${output.trim()}`);
			}
		});
		xvfb.once('exit', code => {
			clearTimeout(timer);
			reject(new Error(`Xvfb exited with ${code}: ${stderr.trim()}`));
		});
	});
	const env = {DISPLAY: display};
	return {
		env,
		async readClipboard() {
			const {stdout} = await promisify(execFile)('xsel', ['--clipboard', '--output'], {env: {...process.env, ...env}});
			return stdout;
		},
		async stop() {
			if (xvfb.exitCode === null && xvfb.signalCode === null) {
				xvfb.kill();
				await exited;
			}
		},
	};
}

/**
 * A serial test on the private display (serial: the clipboard is one per display). Where
 * Xvfb or xsel is missing it fails under CI and is skipped elsewhere, naming the package.
 */
export function displayTest(title: string, body: (t: ExecutionContext) => Promise<void>): void {
	testNeeding(missingXvfbTools()).serial(title, body);
}
