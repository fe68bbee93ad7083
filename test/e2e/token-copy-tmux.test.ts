/**
 * `msid token --copy` where no clipboard program can reach a display (a server over SSH, a
 * container): inside tmux with set-clipboard on, the token goes to a tmux buffer that tmux
 * forwards to the outer terminal, and the detached clearer removes it again after the delay,
 * leaving alone whatever the user copied since.
 */
import test from 'ava';
import {startEmulator, type Emulator} from '../../source/emulator/index.js';
import {tmuxBufferName} from '../../source/system/terminal-clipboard.js';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {cliPath, makeMsidEnv, runMsid, type MsidEnv} from '../helpers/cli.js';
import {missingTmux, TmuxPane} from '../helpers/tmux.js';
import {testNeeding} from '../helpers/tool-gate.js';

const keyring = keychainPerTestFile();
const clearAfterMs = 1500;
let emulator: Emulator | undefined;
let msid: MsidEnv;

test.before(async () => {
	emulator = await startEmulator({interval: 1});
	// No DISPLAY and no WAYLAND_DISPLAY: no clipboard program could reach a desktop.
	msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url, MSID_CLIPBOARD_CLEAR_MS: String(clearAfterMs)});
	await signIn(msid.env);
});

test.after.always(async () => {
	await emulator?.close();
});

async function copyInTmux(t: import('ava').ExecutionContext): Promise<{pane: TmuxPane; token: string}> {
	const token = (await runMsid(['token'], msid.env)).stdout.trim();
	const pane = await TmuxPane.start({
		command: [process.execPath, cliPath, 'token', '--copy'],
		env: msid.env,
		config: ['set-option -g set-clipboard on'],
		exposeServer: true,
	});
	t.teardown(async () => pane.stop());
	t.is(await pane.waitForExit(), 0, await pane.everything());
	return {pane, token};
}

async function buffers(pane: TmuxPane): Promise<string[]> {
	return (await pane.serverCommand('list-buffers', '-F', '#{buffer_name}')).split('\n').filter(Boolean);
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
	const deadline = Date.now() + clearAfterMs + 10_000;
	while (Date.now() < deadline) {
		if (await check()) {
			return;
		}

		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}

	throw new Error(`timed out waiting for ${what}`);
}

testNeeding(missingTmux())('in tmux without a display, --copy puts the token in tmux\'s buffer and the clearer removes it', async t => {
	const {pane, token} = await copyInTmux(t);
	// Compared without t.is, so that a failure never prints a token.
	t.true(await pane.serverCommand('show-buffer') === token, 'a paste inserts the token');
	t.true(await pane.serverCommand('show-buffer', '-b', tmuxBufferName) === token);
	await waitUntil(async () => !(await buffers(pane)).includes(tmuxBufferName), 'the clearer');
	t.false(await pane.serverCommand('show-buffer').catch(() => '') === token, 'a paste no longer inserts the token');
});

testNeeding(missingTmux())('in tmux, what the user copied after the token stays; only the token\'s buffer goes', async t => {
	const {pane, token} = await copyInTmux(t);
	await pane.serverCommand('set-buffer', 'copied by the user');
	await waitUntil(async () => !(await buffers(pane)).includes(tmuxBufferName), 'the clearer');
	t.is(await pane.serverCommand('show-buffer'), 'copied by the user');
	t.false((await buffers(pane)).some(name => name.startsWith(tmuxBufferName)));
	t.false((await Promise.all((await buffers(pane)).map(async name => pane.serverCommand('show-buffer', '-b', name)))).includes(token));
});

testNeeding(missingTmux())('the dashboard clears a token it copied when its terminal closes (SIGHUP)', async t => {
	const token = (await runMsid(['token'], msid.env)).stdout.trim();
	const pane = await TmuxPane.start({
		command: [process.execPath, cliPath],
		env: {...msid.env, TERM: 'xterm-256color'},
		config: ['set-option -g set-clipboard on'],
		exposeServer: true,
	});
	t.teardown(async () => pane.stop());
	await pane.waitFor(/alice@contoso/, 'the dashboard with the account');
	await pane.press('c');
	await waitUntil(async () => (await buffers(pane)).includes(tmuxBufferName), 'the copy');
	t.true(await pane.serverCommand('show-buffer', '-b', tmuxBufferName) === token);
	process.kill(await pane.pid(), 'SIGHUP');
	t.is(await pane.waitForExit(), 130, await pane.everything());
	t.false((await buffers(pane)).includes(tmuxBufferName), 'the token\'s buffer is gone');
	t.false(await pane.serverCommand('show-buffer').catch(() => '') === token);
});
