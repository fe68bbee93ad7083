/**
 * The real program in a real terminal: `msid` with no command inside tmux at 120x40, against
 * the emulator, with a private keychain (gnome-keyring) and a private X display (Xvfb) for the
 * clipboard. It adds an account by device code, watches the countdown tick, copies the token
 * with c and quits with q, leaving the terminal as it found it.
 */
import {randomBytes} from 'node:crypto';
import test from 'ava';
import {startEmulator} from '../../source/emulator/index.js';
import {cliPath, makeMsidEnv, runMsid, startTestKeyring} from '../helpers/cli.js';
import {approveDeviceCode} from '../helpers/emulator-approve.js';
import {missingKeyringTools, type KeyringSession} from '../helpers/keyring-session.js';
import {cleanupTempDirs} from '../helpers/temp-dirs.js';
import {missingTmux, TmuxPane} from '../helpers/tmux.js';
import {missingXvfbTools, startXvfb, type XvfbDisplay} from '../helpers/xvfb.js';
import {testNeeding} from '../helpers/tool-gate.js';

const missing = missingTmux() ?? missingXvfbTools() ?? missingKeyringTools();
let keyring: KeyringSession | undefined;
let xvfb: XvfbDisplay | undefined;

test.before(async () => {
	if (missing) {
		return;
	}

	keyring = await startTestKeyring();
	xvfb = await startXvfb();
});

test.after.always(async () => {
	await xvfb?.stop();
	await keyring?.stop();
	await cleanupTempDirs();
});

const tokenCountdown = /(\d{2}:\d{2})\s+User\.Read/;

async function sleep(ms: number) {
	return new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

testNeeding(missing)('msid in tmux: add an account by device code, a live countdown, c copies the token, q restores the terminal', async t => {

	const emulator = await startEmulator({interval: 1});
	t.teardown(async () => emulator.close());
	const marker = `before-msid-${randomBytes(4).toString('hex')}`;
	const msid = await makeMsidEnv({
		...keyring!.env,
		...xvfb!.env,
		AZURE_AUTHORITY_HOST: emulator.url,
		TERM: 'screen',
		// CI terminals set CI=true, which alone turns Ink's full-screen mode off; the dashboard
		// must stay full screen there, so the pane gets it too.
		CI: 'true',
		MSID_TEST_MARKER: marker,
	});
	// The marker is printed by the pane's shell before msid starts; it is on the normal screen
	// that the alternate screen hides and q must bring back.
	const pane = await TmuxPane.start({
		command: ['/bin/sh', '-c', 'printf "%s\\n" "$MSID_TEST_MARKER"; exec "$0" "$1"', process.execPath, cliPath],
		env: msid.env,
		width: 120,
		height: 40,
	});
	t.teardown(async () => pane.stop());

	const empty = await pane.waitFor(/No accounts yet/, 'the empty dashboard');
	t.false(empty.includes(marker), 'the dashboard has the alternate screen to itself');

	await pane.press('a');
	await pane.waitFor(/add account/, 'the add-account form');
	await pane.press('Enter');
	const codeScreen = await pane.waitFor(/Code [A-Z\d]{6,}/, 'the device code');
	const verificationUri = /(http:\/\/127\.0\.0\.1:\d+\/devicelogin)/.exec(codeScreen)?.[1];
	const userCode = /Code ([A-Z\d]{6,})/.exec(codeScreen)?.[1];
	t.is(verificationUri, `${emulator.url}/devicelogin`);
	t.truthy(userCode);
	await approveDeviceCode({verificationUri: verificationUri!, userCode: userCode!});

	const first = await pane.waitFor(screen => /alice@contoso\.onmicrosoft\.com\s+valid/.test(screen) && tokenCountdown.test(screen), 'the signed-in account');
	await sleep(1600);
	const second = await pane.screen();
	const before = tokenCountdown.exec(first)?.[1];
	const after = tokenCountdown.exec(second)?.[1];
	t.truthy(after, second);
	t.not(before, after, 'the countdown moved between two captures');
	// The countdown and "Refreshed … ago" are repainted in place each second: the rest of the
	// screen stays exactly as the last frame drew it, with nothing of the old values left.
	const steady = (screen: string) => screen.replaceAll(/(?<=│ {3})(?:\d+:)?\d\d:\d\d!?(?= {2})/g, '<countdown>').replace(/(Refreshed\s+)(just now|\d+ s ago)/, '$1<ago>');
	t.is(steady(second), steady(first));

	await pane.press('c');
	await pane.waitFor(/clipboard clears in/, 'the copy notice');
	const copied = await xvfb!.readClipboard();
	const printed = await runMsid(['token'], msid.env);
	t.is(printed.code, 0, printed.stderr);
	const token = printed.stdout.trim();
	t.regex(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'msid token prints a JWT');
	// Compared without t.is, so a failure never prints a token.
	t.true(copied === token, 'the clipboard holds the token msid token prints for the account');

	await pane.press('q');
	t.is(await pane.waitForExit(), 0);
	// The whole normal screen, scrollback included: the marker on its first line and nothing
	// of the dashboard anywhere, as the dashboard drew only on the alternate screen.
	const restored = await pane.everything();
	t.is(restored.split('\n')[0], marker, `the screen from before msid is back:\n${restored}`);
	t.false(restored.includes('alice@contoso.onmicrosoft.com'), `nothing of the dashboard is left on the normal screen:\n${restored}`);
	t.false(await xvfb!.readClipboard() === token, 'quitting took the token off the clipboard');
});
