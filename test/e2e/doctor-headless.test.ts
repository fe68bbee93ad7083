/**
 * msid doctor on a headless machine (no display, no browser opener, no terminal): what it
 * finds missing there is a note, not a failure, so it exits 0 when nothing is wrong.
 */
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {startEmulator} from '../../source/emulator/index.js';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid} from '../helpers/cli.js';

const keyring = keychainPerTestFile();

test('on a server without display or browser, doctor notes what is missing and exits 0', async t => {
	const emulator = await startEmulator({interval: 1});
	t.teardown(async () => emulator.close());
	const msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url});
	await signIn(msid.env);
	const emptyPath = await mkdtemp(path.join(tmpdir(), 'msid-no-tools-'));
	const headless = {...msid.env, PATH: emptyPath, DISPLAY: undefined, WAYLAND_DISPLAY: undefined, BROWSER: undefined};
	const text = await runMsid(['doctor'], headless);
	t.is(text.code, 0, text.stdout + text.stderr);
	t.regex(text.stdout, /^note {2}clipboard {6}.*only --copy and the dashboard's c need it/m);
	t.regex(text.stdout, /^note {2}browser {8}xdg-open was not found .*msid prints sign-in URLs instead/m);
	t.regex(text.stdout, /^ok {4}secret store/m);
	t.regex(text.stdout, /^ok {4}account {8}alice@contoso\.onmicrosoft\.com/m);
	t.notRegex(text.stdout, /^FAIL/m);

	const json = JSON.parse((await runMsid(['doctor', '--json'], headless)).stdout) as {checks: Array<{name: string; ok: boolean; level: string}>};
	t.deepEqual(json.checks.filter(check => check.name === 'browser').map(check => [check.ok, check.level]), [[true, 'note']]);
});

test('a keychain that cannot be reached is a failure: exit 1', async t => {
	const msid = await makeMsidEnv({DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus'});
	const result = await runMsid(['doctor'], msid.env);
	t.is(result.code, 1);
	t.regex(result.stdout, /^FAIL {2}secret store/m);
});
