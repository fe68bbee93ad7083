/**
 * `msid token --copy` with the real clipboard (xsel on a private Xvfb display): the token is on
 * the clipboard when msid exits, a detached clearer empties it after the delay, and leaves
 * alone whatever the user copied since. The clearer never sees the token itself.
 */
import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import test from 'ava';
import {clearDelayMs} from '../../source/commands/clear-clipboard.js';
import {startEmulator} from '../../source/emulator/index.js';

import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid, type MsidEnv} from '../helpers/cli.js';
import {cleanupTempDirs} from '../helpers/temp-dirs.js';
import {displayTest, missingXvfbTools, startXvfb, type XvfbDisplay} from '../helpers/xvfb.js';

const keyring = keychainPerTestFile();

const clearAfterMs = 2000;

let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let xvfb: XvfbDisplay | undefined;
let display = '';
let msid: MsidEnv;

test.before(async () => {
	if (missingXvfbTools()) {
		return;
	}

	xvfb = await startXvfb();
	display = xvfb.env.DISPLAY;
	emulator = await startEmulator({interval: 1});
	msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url, DISPLAY: display, MSID_CLIPBOARD_CLEAR_MS: String(clearAfterMs)});
	await signIn(msid.env);
});

test.after.always(async () => {
	await emulator?.close();
	await xvfb?.stop();
	await cleanupTempDirs();
});

async function readClipboard(): Promise<string> {
	return xvfb!.readClipboard();
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

displayTest('the token is on the clipboard when msid exits, and gone after the delay; the clearer never holds the token', async t => {
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

displayTest('what the user copied meanwhile is left alone', async t => {
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
