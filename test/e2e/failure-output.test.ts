/**
 * Failures through the real, built msid and msid-env against the emulator: a revoked refresh
 * token gives exit status 4 and a JSON error a script can read; hostile server values (tenant and
 * user names, the device-code message, an error description) reach no terminal with a control
 * character in them.
 */
import test from 'ava';
import {ALICE, demoDirectory, FABRIKAM_TENANT_ID} from '../../source/emulator/index.js';
import {emulatorPerTestFile, keychainPerTestFile, signedInAliceOn} from '../helpers/e2e.js';
import {runMsid, runMsidEnv, type MsidEnv, type RunResult} from '../helpers/cli.js';

const keyring = keychainPerTestFile();
/** ESC, a CSI that clears the screen, an OSC title, BEL, CR, a C1 CSI and a right-to-left override. */
const hostile = '\u001B[2J\u001B[31mX\u001B]0;owned\u0007\rFAKE\u009B2K\u202Etxt.exe';
const controlByte = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const directory = demoDirectory();
directory.tenants = directory.tenants.map(tenant => (tenant.id === FABRIKAM_TENANT_ID ? {...tenant, displayName: `Fabrikam${hostile}`} : tenant));
directory.users = directory.users.map(user => (user.username === ALICE.username ? {...user, displayName: `Alice${hostile}`} : user));
const emulator = emulatorPerTestFile({
	directory,
	deviceCodeMessage: (uri, code) => `${hostile} To sign in, use a web browser to open the page ${uri} and enter the code ${code} to authenticate. ${hostile}`,
});

async function signedInAlice(): Promise<{msid: MsidEnv; login: RunResult}> {
	return signedInAliceOn(keyring, emulator);
}

function assertPrintable(t: {false: (value: boolean, message?: string) => void}, result: RunResult, what: string): void {
	for (const [stream, text] of [['stdout', result.stdout], ['stderr', result.stderr]] as const) {
		const found = controlByte.exec(text);
		t.false(found !== null, `${what} ${stream} holds ${JSON.stringify(found?.[0])}: ${JSON.stringify(text)}`);
	}
}

test.serial('a revoked refresh token: exit 4, {"error": {"code", "message"}} on stdout, the sign-in command on stderr; msid-env says it on one line', async t => {
	const {msid} = await signedInAlice();
	const fresh = await runMsid(['token', '--force', '--format', 'json'], msid.env);
	t.is(fresh.code, 0, fresh.stderr);
	t.true(emulator().faults.revokeRefreshTokens(ALICE.username) > 0);

	const failed = await runMsid(['token', '--force', '--format', 'json'], msid.env);
	t.is(failed.code, 4, failed.stderr);
	const parsed = JSON.parse(failed.stdout) as {error: {code: string; message: string; exitCode: number}};
	t.is(parsed.error.code, 'sign-in-required');
	t.regex(parsed.error.message, /AADSTS50173.*revoked/);
	t.is(parsed.error.exitCode, 4);
	t.regex(failed.stderr, /^msid: Could not refresh the token of /);
	t.regex(failed.stderr, /^msid: Could not refresh .* Run: msid login \S+$/m);

	const plain = await runMsid(['token', '--force'], msid.env);
	t.is(plain.code, 4);
	t.is(plain.stdout, '', 'without --json nothing goes to stdout, where a token would be');

	// A scope with no cached token: msid-env has to redeem the refresh token.
	const env = await runMsidEnv(['--shell', 'bash', '--scope', 'Mail.Read'], msid.env);
	t.is(env.code, 4);
	t.is(env.stdout, '');
	t.is(env.stderr.trimEnd().split('\n').length, 1, env.stderr);
	t.regex(env.stderr, /^msid-env: Could not refresh .* Run: msid login \S+/);
});

test.serial('hostile tenant and user names, device-code message and server error: no control character reaches the terminal', async t => {
	const {msid, login} = await signedInAlice();
	assertPrintable(t, login, 'msid login');
	t.true(login.stderr.includes(String.raw`\u001b[2J\u001b[31mX\u001b]0;owned\u0007\u000dFAKE\u009b2K\u202etxt.exe`), login.stderr);

	const list = await runMsid(['list'], msid.env);
	t.is(list.code, 0, list.stderr);
	assertPrintable(t, list, 'msid list');
	const use = await runMsid(['use', ALICE.username, '--tenant', FABRIKAM_TENANT_ID], msid.env);
	t.is(use.code, 0, use.stderr);
	assertPrintable(t, use, 'msid use');
	const scopes = await runMsid(['scopes'], msid.env);
	assertPrintable(t, scopes, 'msid scopes');

	emulator().faults.enqueue('token', {kind: 'aadsts', error: 'invalid_request', code: 90_014, status: 400, description: `${hostile} denied`});
	t.teardown(() => {
		emulator().faults.clear();
	});
	const failed = await runMsid(['token', '--force'], msid.env);
	t.is(failed.code, 1, failed.stderr);
	assertPrintable(t, failed, 'msid token (failed)');
	t.regex(failed.stderr, /^The server said: AADSTS90014: \\u001b\[2J/m);

	emulator().faults.enqueue('token', {kind: 'aadsts', error: 'invalid_request', code: 90_014, status: 400, description: `${hostile} denied`});
	const env = await runMsidEnv(['--shell', 'bash', '--scope', 'Mail.Read'], msid.env);
	t.not(env.code, 0);
	assertPrintable(t, env, 'msid-env (failed)');
});
