/**
 * The real dashboard in tmux follows what other msid processes do, with no key pressed: an
 * account `msid login` adds in another terminal shows within 2 s; a refresh by `msid token`
 * there moves its countdown; a config.json damaged by hand leaves the dashboard running with
 * its last good list and a notice; `msid logout` there takes the account off the list.
 */
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {startEmulator} from '../../source/emulator/index.js';
import {cliPath, makeMsidEnv, runMsid} from '../helpers/cli.js';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {missingKeyringTools} from '../helpers/keyring-session.js';
import {missingTmux, TmuxPane} from '../helpers/tmux.js';
import {setTokenExpiry} from '../helpers/token-expiry.js';
import {testNeeding} from '../helpers/tool-gate.js';

const missing = missingTmux() ?? missingKeyringTools();
const keyring = missing ? undefined : keychainPerTestFile();

/** The acceptance bound, polled by the capture of the screen (every 0.1 s). */
const followWithin = 2000;
const account = /alice@contoso\.onmicrosoft\.com\s+valid/;
const countdown = /(?:(\d+):)?(\d{2}):(\d{2})!?\s+User\.Read/;

/** The countdown of the account's token, in seconds, as the detail pane shows it. */
function secondsLeft(screen: string): number | undefined {
	const match = countdown.exec(screen);
	return match ? (Number(match[1] ?? 0) * 3600) + (Number(match[2]) * 60) + Number(match[3]) : undefined;
}

testNeeding(missing)('the dashboard shows within 2 s what other msid processes add, refresh, damage and remove', async t => {
	const emulator = await startEmulator({interval: 1});
	t.teardown(async () => emulator.close());
	const msid = await makeMsidEnv({
		...keyring!().env,
		AZURE_AUTHORITY_HOST: emulator.url,
		TERM: 'screen',
		// As in a CI terminal: the dashboard must stay full screen there.
		CI: 'true',
	});
	const pane = await TmuxPane.start({command: [process.execPath, cliPath], env: msid.env, width: 120, height: 40});
	t.teardown(async () => pane.stop());
	await pane.waitFor(/No accounts yet/, 'the empty dashboard');

	// Another terminal signs in: msid login by device code, approved on the provider's page.
	await signIn(msid.env);
	let screen = await pane.waitFor(account, 'the account msid login added elsewhere', followWithin);
	t.regex(screen, /msid · 1 account\b/);

	// Time passes there: the token has 90 s left (config.json rewritten in place, as an editor would).
	await setTokenExpiry(msid, 90_000);
	screen = await pane.waitFor(current => (secondsLeft(current) ?? 3600) <= 90, 'the countdown of a token with 90 s left', followWithin);

	// And msid token there refreshes it: the dashboard's countdown follows.
	const refreshed = await runMsid(['token'], msid.env);
	t.is(refreshed.code, 0, refreshed.stderr);
	screen = await pane.waitFor(current => (secondsLeft(current) ?? 0) > 50 * 60, 'the countdown of the refreshed token', followWithin);

	// A config.json damaged by another program: the dashboard keeps running on its last good list.
	const file = path.join(msid.configDir, 'config.json');
	const good = await readFile(file, 'utf8');
	await writeFile(file, good.slice(0, good.length / 2));
	screen = await pane.waitFor(/The list was not updated: Config file .*config\.json is not valid JSON/, 'the notice about the damaged file', followWithin);
	t.regex(screen, account, 'the last good list stays');
	t.is(await pane.exitStatus(), undefined, 'the dashboard still runs');
	await writeFile(file, good);
	await pane.waitFor(/The accounts could be read again/, 'the notice that the file is good again', followWithin);

	// Another terminal signs out: the account leaves the list.
	const loggedOut = await runMsid(['logout', 'alice'], msid.env);
	t.is(loggedOut.code, 0, loggedOut.stderr);
	screen = await pane.waitFor(current => !current.includes('alice@contoso.onmicrosoft.com'), 'the account gone after msid logout elsewhere', followWithin);
	t.regex(screen, /No accounts yet/);

	await pane.press('q');
	t.is(await pane.waitForExit(), 0);
});
