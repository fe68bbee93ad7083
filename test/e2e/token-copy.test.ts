/**
 * `msid token --copy` with the real clipboard (xsel on a private Xvfb display): the token is on
 * the clipboard when msid exits, a detached clearer empties it after the delay, and leaves
 * alone whatever the user copied since. The clearer never sees the token itself.
 */
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import {promisify} from 'node:util';
import test, {type ExecutionContext} from 'ava';
import {clearDelayMs} from '../../source/commands/clear-clipboard.js';
import {startEmulator} from '../../source/emulator/index.js';

import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid, type MsidEnv} from '../helpers/cli.js';
import {cleanupTempDirs} from '../helpers/temp-dirs.js';
import {findTool, missingToolMessage} from '../shell/tools.js';

const keyring = keychainPerTestFile();

const run = promisify(execFile);
const missing = ['Xvfb', 'xsel'].find(tool => !findTool(tool));
const packages: Record<string, string> = {Xvfb: 'xvfb', xsel: 'xsel'};
const clearAfterMs = 2000;

let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let xvfb: ChildProcess | undefined;
let display = '';
let msid: MsidEnv;

test.before(async () => {
	if (missing) {
		return;
	}

	// -displayfd: Xvfb picks a free display and reports its number once it accepts clients.
	xvfb = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp'], {stdio: ['ignore', 'ignore', 'ignore', 'pipe']});
	display = await new Promise<string>((resolve, reject) => {
		let output = '';
		xvfb!.stdio[3]!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('\n')) {
				resolve(`:${output.trim()}`);
			}
		});
		xvfb!.on('exit', code => reject(new Error(`Xvfb exited with ${code}`)));
	});
	emulator = await startEmulator({interval: 1});
	msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url, DISPLAY: display, MSID_CLIPBOARD_CLEAR_MS: String(clearAfterMs)});
	await signIn(msid.env);
});

test.after.always(async () => {
	await emulator?.close();
	xvfb?.kill();
	await cleanupTempDirs();
});

async function readClipboard(): Promise<string> {
	const {stdout} = await run('xsel', ['--clipboard', '--output'], {env: {...process.env, DISPLAY: display}});
	return stdout;
}

async function copyAsUser(text: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const xsel = spawn('xsel', ['--clipboard', '--input'], {env: {...process.env, DISPLAY: display}, stdio: ['pipe', 'ignore', 'inherit']});
		xsel.on('exit', code => (code === 0 ? resolve() : reject(new Error(`xsel exited ${code}`))));
		xsel.stdin.end(text);
	});
}

/** The running clearer processes: pid, argv and environment, as anyone on the machine could read them. */
function clearers(): Array<{pid: number; argv: string; environ: string}> {
	const found = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}

		try {
			const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (argv.includes('__clear-clipboard')) {
				found.push({pid: Number(entry), argv, environ: readFileSync(`/proc/${entry}/environ`, 'utf8')});
			}
		} catch {}
	}

	return found;
}

async function waitUntilGone(pid: number, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (clearers().some(clearer => clearer.pid === pid)) {
		if (Date.now() > deadline) {
			throw new Error(`the clearer ${pid} is still running`);
		}

		await delay(50);
	}
}

const x11Test = (title: string, body: (t: ExecutionContext) => Promise<void>) => {
	test.serial(title, async t => {
		if (missing) {
			t.log(missingToolMessage(missing, packages[missing]!));
			t.pass();
			return;
		}

		await body(t);
	});
};

x11Test('the token is on the clipboard when msid exits, and gone after the delay; the clearer never holds the token', async t => {
	const started = Date.now();
	const result = await runMsid(['token', '--copy'], msid.env);
	t.is(result.code, 0, result.stderr);
	const token = result.stdout.trimEnd();
	t.regex(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
	t.regex(result.stderr, /Copied the token to the clipboard/);
	t.is(await readClipboard(), token);

	const hash = createHash('sha256').update(token).digest('hex');
	const clearer = clearers().find(candidate => candidate.argv.includes(hash));
	t.truthy(clearer, 'a detached clearer runs after msid token exited');
	t.false(clearer!.argv.includes(token), 'not in its argv');
	t.false(clearer!.environ.includes(token), 'not in its environment');

	await waitUntilGone(clearer!.pid);
	t.true(Date.now() - started >= clearAfterMs);
	t.is(await readClipboard(), '');
});

x11Test('what the user copied meanwhile is left alone', async t => {
	const result = await runMsid(['token', '--copy'], msid.env);
	t.is(result.code, 0, result.stderr);
	const token = result.stdout.trimEnd();
	t.is(await readClipboard(), token);
	const hash = createHash('sha256').update(token).digest('hex');
	const clearer = clearers().find(candidate => candidate.argv.includes(hash));
	t.truthy(clearer);

	await copyAsUser('copied by the user');
	await waitUntilGone(clearer!.pid);
	t.is(await readClipboard(), 'copied by the user');
});

test('the clearer waits 45 s unless the test-only variable says otherwise', t => {
	t.is(clearDelayMs({}), 45_000);
	t.is(clearDelayMs({MSID_CLIPBOARD_CLEAR_MS: '1500'}), 1500);
	t.is(clearDelayMs({MSID_CLIPBOARD_CLEAR_MS: '-1'}), 45_000);
	t.is(clearDelayMs({MSID_CLIPBOARD_CLEAR_MS: 'soon'}), 45_000);
});
