/**
 * Conformance with the real Microsoft identity platform: the built CLI against answers recorded
 * from Entra (test/fixtures/entra/, each naming its source), replayed on 127.0.0.1. Each recorded
 * error must give msid's documented outcome (docs/cli.md: exit 1 with the AADSTS cause named,
 * exit 4 when the account needs an interactive sign-in); a recorded success must give a token.
 */
import test from 'ava';
import {readEntraFixture} from '../helpers/entra-fixtures.js';
import {keychainPerTestFile} from '../helpers/e2e.js';
import {startReplayServer, type ReplayServer} from '../helpers/replay-server.js';
import {setTokenExpiry} from '../helpers/token-expiry.js';
import {makeMsidEnv, runMsid, type MsidEnv, type RunResult} from '../helpers/cli.js';

const keyring = keychainPerTestFile();
const fixture = readEntraFixture;

async function replay(t: {teardown(fn: () => Promise<void>): void}): Promise<{server: ReplayServer; msid: MsidEnv}> {
	const server = await startReplayServer();
	t.teardown(async () => server.close());
	const msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: server.url});
	return {server, msid};
}

/** A device-code sign-in that Entra answers with its recorded device code, one pending poll, then the recorded token answer. */
async function signedIn(t: {teardown(fn: () => Promise<void>): void}, tokenAnswer = 'token-graph.json', args: string[] = []): Promise<{server: ReplayServer; msid: MsidEnv; login: RunResult}> {
	const {server, msid} = await replay(t);
	server.script('devicecode', await fixture('device-code.json'));
	server.script('token', await fixture('authorization-pending.json'), await fixture(tokenAnswer));
	const login = await runMsid(['login', ...args], msid.env);
	return {server, msid, login};
}

async function accountState(msid: MsidEnv): Promise<string | undefined> {
	return (JSON.parse((await runMsid(['list', '--json'], msid.env)).stdout) as Array<{state: string}>)[0]?.state;
}

/** The one-line failure msid prints, with the AADSTS code named and no stack trace. */
function assertFailure(t: import('ava').ExecutionContext, result: RunResult, code: number, pattern: RegExp): void {
	t.is(result.code, code, result.stderr);
	t.regex(result.stderr, pattern);
	t.notRegex(result.stderr, /\n\s+at /, 'no stack trace');
	t.notRegex(result.stderr, /Trace ID|Correlation ID/, 'only the first line of the description');
	t.notRegex(result.stderr, /\r/, 'no carriage return from the server reaches the terminal');
	t.is(result.stdout, '');
}

test('recorded device code and token answers: msid signs in, shows the recorded code, and hands out the token', async t => {
	const {server, msid, login} = await signedIn(t);
	t.is(login.code, 0, login.stderr);
	const recorded = (await fixture('device-code.json')).body!;
	t.true(login.stderr.includes(String(recorded['user_code'])), login.stderr);
	t.true(login.stderr.includes(String(recorded['verification_uri'])), login.stderr);
	t.regex(login.stderr, /Signed in as alice@contoso\.onmicrosoft\.com/);
	const polls = server.requests.filter(request => request.endpoint === 'token' && request.form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code');
	t.is(polls.length, 2);
	t.true(polls[1]!.at - polls[0]!.at >= 4500, `the recorded interval (5 s) is honoured: ${polls[1]!.at - polls[0]!.at} ms`);

	const token = await runMsid(['token'], msid.env);
	t.is(token.code, 0, token.stderr);
	t.is(token.stdout.trim(), server.issued[0]!);
	t.is(await accountState(msid), 'valid');
});

test('recorded FOCI answer (Azure CLI client, expires_in 1199, "foci": "1"): msid signs in and hands out the token', async t => {
	const {server, msid, login} = await signedIn(t, 'token-foci.json', ['--client-id', '04b07795-8ddb-461a-bbee-02f9e1bf7b46']);
	t.is(login.code, 0, login.stderr);
	const token = await runMsid(['token'], msid.env);
	t.is(token.code, 0, token.stderr);
	t.is(token.stdout.trim(), server.issued[0]!);
});

test('recorded expired_token (AADSTS70020): the sign-in fails, naming the expired code', async t => {
	const {server, msid} = await replay(t);
	server.script('devicecode', await fixture('device-code.json'));
	server.script('token', await fixture('expired-token.json'));
	const result = await runMsid(['login'], msid.env);
	t.is(result.code, 1, result.stderr);
	t.regex(result.stderr, /^msid: The sign-in code expired before it was used \(AADSTS70020\)\./m);
	t.notRegex(result.stderr, /Trace ID|\r/);
});

for (const [name, code, pattern] of [
	['unauthorized-client-700016.json', 700_016, /client id/i],
	['invalid-scope-70011.json', 70_011, /scope/i],
] as const) {
	test(`recorded ${name} at the device authorization endpoint: exit 1, AADSTS${code} and what to fix`, async t => {
		const {server, msid} = await replay(t);
		server.script('devicecode', await fixture(name));
		const result = await runMsid(['login'], msid.env);
		assertFailure(t, result, 1, new RegExp(`AADSTS${code}`));
		t.regex(result.stderr, pattern);
		t.is(server.requests.filter(request => request.endpoint === 'token').length, 0);
	});
}

test('recorded invalid_grant AADSTS50126 on a password sign-in: exit 1, invalid username or password', async t => {
	const {server, msid} = await replay(t);
	server.script('token', await fixture('invalid-grant-50126.json'));
	const result = await runMsid(['login', '--flow', 'password', '--tenant', server.identity.tenantId, '--username', server.identity.username], msid.env, {input: 'not-the-password\n'});
	assertFailure(t, result, 1, /AADSTS50126/);
	t.regex(result.stderr, /username or password/i);
});

for (const [name, code] of [
	['invalid-grant-50173.json', 50_173],
	['invalid-grant-700082.json', 700_082],
] as const) {
	test(`recorded ${name} on a refresh: exit 4, the account needs sign-in, AADSTS${code} named`, async t => {
		const {server, msid, login} = await signedIn(t);
		t.is(login.code, 0, login.stderr);
		await setTokenExpiry(msid, -60_000);
		server.script('token', await fixture(name));
		const result = await runMsid(['token'], msid.env);
		assertFailure(t, result, 4, new RegExp(`AADSTS${code}`));
		t.regex(result.stderr, /msid login/);
		t.is(await accountState(msid), 'needs-sign-in');
	});
}

test('recorded AADSTS50020 for --tenant: exit 1, named; the account itself stays usable', async t => {
	const {server, msid, login} = await signedIn(t);
	t.is(login.code, 0, login.stderr);
	server.script('token', await fixture('guest-refused-50020.json'));
	const refused = await runMsid(['token', '--tenant', 'f00dbabe-0000-4000-8000-000000000002'], msid.env);
	assertFailure(t, refused, 1, /AADSTS50020/);
	t.not(await accountState(msid), 'needs-sign-in', 'a refusal by one tenant is not the whole account');

	const home = await runMsid(['token'], msid.env);
	t.is(home.code, 0, home.stderr);
	t.is(home.stdout.trim(), server.issued[0]!);
});

test('recorded 429 with Retry-After: 60 and a text body on a refresh: the message names throttling, and msid does not ask again at once', async t => {
	const {server, msid, login} = await signedIn(t);
	t.is(login.code, 0, login.stderr);
	await setTokenExpiry(msid, -60_000);
	server.script('token', await fixture('throttled-429.json'));
	const refreshes = () => server.requests.filter(request => request.form.get('grant_type') === 'refresh_token').length;
	const before = refreshes();
	const throttled = await runMsid(['token'], msid.env);
	assertFailure(t, throttled, 1, /throttl/i);
	t.regex(throttled.stderr, /60 s/);
	t.notRegex(throttled.stderr, /check the network/i);
	t.is(refreshes(), before + 1);

	const again = await runMsid(['token'], msid.env);
	t.is(again.code, 1, again.stderr);
	t.regex(again.stderr, /throttl/i);
	t.is(refreshes(), before + 1, 'no request to the token endpoint inside the Retry-After window');
	t.not(await accountState(msid), 'needs-sign-in', 'throttling is not a verdict on the account');
});
