/**
 * `msid demo` as a newcomer meets it: the real program in a terminal (tmux), its emulator's
 * verification page in a real browser (Debian's Chromium through playwright-core): type the
 * code, pick a user, approve, and the dashboard shows the account. Also: the demo leaves
 * nothing behind, however it ends, and refuses to run without a terminal.
 */
import {execFile} from 'node:child_process';
import {readdir} from 'node:fs/promises';
import {promisify} from 'node:util';
import test from 'ava';
import {chromiumMissing, launchChromium, withPage} from '../helpers/chromium.js';
import {cliPath, makeMsidEnv, runMsid, startTestKeyring} from '../helpers/cli.js';
import {missingKeyringTools, type KeyringSession} from '../helpers/keyring-session.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';
import {missingTmux, TmuxPane} from '../helpers/tmux.js';
import {testNeeding} from '../helpers/tool-gate.js';

const missingTerminal = missingTmux() ?? missingKeyringTools();
let keyring: KeyringSession | undefined;

test.before(async () => {
	if (!missingTerminal) {
		keyring = await startTestKeyring();
	}
});

test.after.always(async () => {
	await keyring?.stop();
	await cleanupTempDirs();
});

/** The object paths of every item in the private keychain's login collection. */
async function keychainItems(): Promise<string[]> {
	const {stdout} = await promisify(execFile)('dbus-send', [
		'--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets/collection/login',
		'org.freedesktop.DBus.Properties.Get', 'string:org.freedesktop.Secret.Collection', 'string:Items',
	], {env: {...process.env, ...keyring!.env}});
	return stdout.match(/\/org\/freedesktop\/secrets\/collection\/login\/\w+/g) ?? [];
}

/**
 * `msid demo` in a 120x40 pane; its temp folder goes under `tmp`, so the test can see it go.
 * Without `keychain` the pane has no D-Bus session, as on a bare machine.
 */
async function startDemo(t: import('ava').ExecutionContext, {keychain = true} = {}) {
	const tmp = await makeTempDir('msid-demo-tmp-');
	const msid = await makeMsidEnv({...(keychain ? keyring!.env : {}), TERM: 'screen', TMPDIR: tmp});
	const pane = await TmuxPane.start({command: [process.execPath, cliPath, 'demo'], env: msid.env, width: 120, height: 40});
	t.teardown(async () => pane.stop());
	await pane.waitFor(/No accounts yet/, 'the demo dashboard', 30_000);
	return {pane, tmp};
}

async function startSignIn(pane: TmuxPane) {
	await pane.press('a');
	await pane.waitFor(/add account/, 'the add-account form');
	await pane.press('Enter');
	const screen = await pane.waitFor(/Code [A-Z\d]{6,}/, 'the device code');
	return {
		verificationUri: /(http:\/\/127\.0\.0\.1:\d+\/devicelogin)/.exec(screen)![1]!,
		userCode: /Code ([A-Z\d]{6,})/.exec(screen)![1]!,
	};
}

testNeeding(missingTerminal ?? chromiumMissing())('msid demo: the verification page in Chromium signs alice in, and the dashboard shows her', async t => {

	const itemsBefore = await keychainItems();
	const {pane, tmp} = await startDemo(t);
	const {verificationUri, userCode} = await startSignIn(pane);
	const browser = await launchChromium();
	t.teardown(async () => browser.close());
	await withPage(browser, async page => {
		await page.goto(verificationUri);
		await page.locator('#otc').pressSequentially(userCode);
		await page.getByRole('button', {name: 'Next'}).click();
		await page.locator('input[name="username"][value="alice@contoso.onmicrosoft.com"]').check();
		await page.locator('#password').fill('alice-demo-password');
		await page.getByRole('button', {name: 'Approve'}).click();
		await page.locator('main[data-outcome="approved"]').waitFor();
	});

	const signedIn = await pane.waitFor(/alice@contoso\.onmicrosoft\.com\s+valid/, 'the signed-in account');
	t.regex(signedIn, /Alice Example/);
	t.regex(signedIn, /\d{2}:\d{2}\s+User\.Read/, 'a token with its countdown');
	t.regex(signedIn, /secrets: keychain/);
	t.true((await keychainItems()).length > itemsBefore.length, 'the sign-in stored its secrets in the keychain');

	await pane.press('q');
	t.is(await pane.waitForExit(), 0);
	const after = await pane.everything();
	t.regex(after, /msid demo: sign-in page http:\/\/127\.0\.0\.1:\d+\/devicelogin · demo users alice@contoso\.onmicrosoft\.com/);
	t.deepEqual(await readdir(tmp), [], 'the demo removed its config folder');
	t.deepEqual(await keychainItems(), itemsBefore, 'the demo removed its keychain entries');
});

testNeeding(missingTerminal)('msid demo without a reachable keychain keeps its secrets in memory and says so in one line', async t => {

	const {pane, tmp} = await startDemo(t, {keychain: false});
	t.regex(await pane.screen(), /secrets: memory/);
	await pane.press('q');
	t.is(await pane.waitForExit(), 0);
	const lines = (await pane.everything()).split('\n').filter(line => line.includes('keychain'));
	t.deepEqual(lines, ['msid demo: the OS keychain is not reachable here, so the demo keeps its secrets in memory (run msid doctor to see why).']);
	t.deepEqual(await readdir(tmp), []);
});

testNeeding(missingTerminal)('msid demo: SIGTERM ends it with 130, the terminal restored and nothing left behind', async t => {

	const {pane, tmp} = await startDemo(t);
	t.true((await readdir(tmp)).some(name => name.startsWith('msid-demo-')), 'the demo made its config folder');
	process.kill(await pane.pid(), 'SIGTERM');
	t.is(await pane.waitForExit(), 130);
	t.false((await pane.everything()).includes('No accounts yet'), 'the dashboard left the alternate screen');
	t.deepEqual(await readdir(tmp), []);
});

test('msid demo without a terminal says it needs one and exits 1', async t => {
	const msid = await makeMsidEnv({MSID_STORE: 'file'});
	const result = await runMsid(['demo'], msid.env);
	t.is(result.code, 1);
	t.is(result.stderr, 'msid: msid demo needs a terminal (it opens the full-screen dashboard); run it in an interactive terminal, not through a pipe.\n');
});
