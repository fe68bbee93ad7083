/**
 * Continuous access evaluation and where tokens go, through the real CLI against the emulator:
 * plain tokens for tools that cannot answer a claims challenge, CAE tokens for msid request,
 * both challenge shapes answered by a silent refresh with the claims, and no token for any
 * origin it was not issued for.
 */
import {createServer, type IncomingMessage} from 'node:http';
import {once} from 'node:events';
import type {AddressInfo} from 'node:net';
import test from 'ava';
import {ALICE} from '../../source/emulator/index.js';
import {emulatorPerTestFile, keychainPerTestFile, signedInAliceOn, deviceCodePrompt} from '../helpers/e2e.js';
import {envPath, runMsid, type MsidEnv} from '../helpers/cli.js';
import {jwtClaims} from '../helpers/jwt.js';

const keyring = keychainPerTestFile();
const emulator = emulatorPerTestFile();

async function signedInAlice(): Promise<MsidEnv> {
	return (await signedInAliceOn(keyring, emulator)).msid;
}

const isCae = (token: string) => ((jwtClaims(token)['xms_cc'] as string[] | undefined) ?? []).includes('cp1');

/** A loopback API that is no known API's: it records every request and answers 200, or 401 with a claims challenge. */
async function foreignApi(t: {teardown(fn: () => Promise<void>): void}, challenge = true) {
	const seen: Array<{authorization?: string; url?: string}> = [];
	const server = createServer((request: IncomingMessage, response) => {
		seen.push({...(request.headers.authorization ? {authorization: request.headers.authorization} : {}), ...(request.url ? {url: request.url} : {})});
		const claims = Buffer.from('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}').toString('base64');
		response.writeHead(challenge ? 401 : 200, {...(challenge ? {'WWW-Authenticate': `Bearer realm="", error="insufficient_claims", claims="${claims}"`} : {}), 'Content-Type': 'application/json'});
		response.end(JSON.stringify({echo: request.headers.authorization ?? null}));
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	t.teardown(async () => {
		server.closeAllConnections();
		server.close();
	});
	return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen};
}

test('msid token and msid-env hand out plain tokens; msid token --cae and msid request get CAE tokens, cached apart', async t => {
	const msid = await signedInAlice();
	const plain = (await runMsid(['token'], msid.env)).stdout.trim();
	t.false(isCae(plain), 'msid token: no xms_cc cp1');
	const env = await runMsid(['--shell', 'posix'], msid.env, {program: envPath});
	t.is(env.code, 0, env.stderr);
	const exported = /MSID_ACCESS_TOKEN='([^']+)'/.exec(env.stdout)?.[1] ?? '';
	t.truthy(exported);
	t.false(isCae(exported), 'msid-env: no xms_cc cp1');
	const azFormat = JSON.parse((await runMsid(['token', '--format', 'az'], msid.env)).stdout) as {accessToken: string};
	t.false(isCae(azFormat.accessToken), '--format az: plain');

	const cae = (await runMsid(['token', '--cae'], msid.env)).stdout.trim();
	t.true(isCae(cae), 'msid token --cae asks for it');
	t.not(cae, plain);
	t.is((await runMsid(['token'], msid.env)).stdout.trim(), plain, 'the plain token is still served from its own slot');

	// msid request declares cp1: a deliberately named resource lets a local API show what it received.
	const api = await foreignApi(t, false);
	const request = await runMsid(['request', '--resource', 'api://msid-demo', 'GET', `${api.url}/things`], msid.env);
	t.is(request.code, 0, request.stderr);
	t.is(api.seen.length, 1);
	t.true(isCae(api.seen[0]!.authorization!.replace(/^Bearer /, '')), 'msid request sends a CAE token');
});

for (const shape of [{name: 'Graph', path: '/v1.0/me', field: 'userPrincipalName'}, {name: 'Resource Manager', path: '/tenants?api-version=2022-12-01', field: 'value'}]) {
	test.serial(`a ${shape.name}-shaped CAE challenge is answered by a silent refresh with the claims: no device code`, async t => {
		const msid = await signedInAlice();
		const first = await runMsid(['request', 'GET', `${emulator().url}${shape.path}`], msid.env);
		t.is(first.code, 0, first.stderr);
		t.true(emulator().faults.revokeSessions(ALICE.username) > 0);
		t.teardown(() => emulator().faults.clear());
		const before = {devicecode: emulator().stats.count('devicecode'), token: emulator().stats.count('token')};

		const again = await runMsid(['request', 'GET', `${emulator().url}${shape.path}`], msid.env);
		t.is(again.code, 0, again.stderr);
		t.truthy((JSON.parse(again.stdout) as Record<string, unknown>)[shape.field]);
		t.regex(again.stderr, /asks for a token with more claims/);
		t.notRegex(again.stderr, deviceCodePrompt);
		t.is(emulator().stats.count('devicecode'), before.devicecode, 'no interactive sign-in');
		t.is(emulator().stats.count('token'), before.token + 1, 'one silent refresh with the claims');
	});
}

test.serial('a step-up the refresh token cannot satisfy falls back to an interactive sign-in, then succeeds', async t => {
	const msid = await signedInAlice();
	emulator().faults.requireClaims('c1');
	t.teardown(() => emulator().faults.clear());
	const {startMsid} = await import('../helpers/cli.js');
	const {approveDeviceCode} = await import('../helpers/emulator-approve.js');
	const request = startMsid(['request', 'GET', `${emulator().url}/v1.0/me`], msid.env);
	t.regex((await request.waitForStderr(/that needs you.*/))[0], /AADSTS50076/);
	const [, uri, userCode] = (await request.waitForStderr(deviceCodePrompt)) as unknown as string[];
	await approveDeviceCode({verificationUri: uri!, userCode: userCode!, username: ALICE.username});
	const result = await request.done;
	t.is(result.code, 0, result.stderr);
	t.is((JSON.parse(result.stdout) as {userPrincipalName?: string}).userPrincipalName, ALICE.username);
	const list = JSON.parse((await runMsid(['list', '--json'], msid.env)).stdout) as Array<{state: string}>;
	t.not(list[0]?.state, 'needs-sign-in', 'a refused claims request does not invalidate the account');
	const after = jwtClaims((await runMsid(['token'], msid.env)).stdout.trim());
	t.true(JSON.stringify(after['acrs'] ?? '').includes('c1'), 'the new sign-in satisfied the authentication context');
});

test.serial('msid request sends no token to an origin that is not the token\'s resource, and honours no challenge from it', async t => {
	const msid = await signedInAlice();
	const api = await foreignApi(t);
	const before = {devicecode: emulator().stats.count('devicecode'), token: emulator().stats.count('token')};

	const unnamed = await runMsid(['request', 'GET', `${api.url}/v1.0/me`], msid.env);
	t.is(unnamed.code, 1);
	t.regex(unnamed.stderr, /not an API msid knows.*--resource/s);
	const wrong = await runMsid(['request', '--resource', 'https://graph.microsoft.com', 'GET', `${api.url}/v1.0/me`], msid.env);
	t.is(wrong.code, 1);
	t.regex(wrong.stderr, /goes only to/);
	const wrongScope = await runMsid(['request', '--scope', 'https://management.azure.com/.default', 'GET', `${api.url}/subscriptions`], msid.env);
	t.is(wrongScope.code, 1);
	t.deepEqual(api.seen, [], 'refused before any request');

	// A redirect from the token's own origin to the foreign one: the header is dropped and its challenge ignored.
	emulator().faults.enqueue('me', {kind: 'redirect', location: `${api.url}/stolen`});
	t.teardown(() => emulator().faults.clear());
	const redirected = await runMsid(['request', 'GET', `${emulator().url}/v1.0/me`], msid.env);
	t.is(redirected.code, 1);
	t.is(api.seen.length, 1);
	t.is(api.seen[0]?.authorization, undefined, 'no Authorization header reached the other origin');
	t.notRegex(redirected.stderr, /more claims|signing .* in again/);
	t.is(emulator().stats.count('devicecode'), before.devicecode, 'no sign-in started');
});

test('a known Microsoft API URL gets a token for its resource without --resource', async t => {
	const msid = await signedInAlice();
	const graph = await runMsid(['request', 'GET', `${emulator().url}/v1.0/me`], msid.env);
	t.is(graph.code, 0, graph.stderr);
	const arm = await runMsid(['request', 'GET', `${emulator().url}/tenants?api-version=2022-12-01`], msid.env);
	t.is(arm.code, 0, arm.stderr);
	t.true(((JSON.parse(arm.stdout) as {value: unknown[]}).value).length > 0);
});
