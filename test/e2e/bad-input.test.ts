/**
 * Every bad input gets one plain line on stderr, the exit status of docs/cli.md, and loses
 * nothing: config and keychain stay byte for byte as they were.
 */
import {createServer, type Server} from 'node:http';
import {writeFile, readFile} from 'node:fs/promises';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {startEmulator, type Emulator} from '../../source/emulator/index.js';

import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid, type MsidEnv, type RunResult} from '../helpers/cli.js';
import {snapshotState} from '../helpers/state-snapshot.js';
import {cleanupTempDirs} from '../helpers/temp-dirs.js';
import {setTokenExpiry} from '../helpers/token-expiry.js';

const keyring = keychainPerTestFile();

let emulator: Emulator | undefined;
let signedIn: MsidEnv | undefined;

test.before(async () => {
	emulator = await startEmulator({interval: 1, accessTokenLifetimeSeconds: 240});
	signedIn = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url});
	await signIn(signedIn.env);
});

test.after.always(async () => {
	await emulator?.close();
	await cleanupTempDirs();
});

function oneLine(t: ExecutionContext, result: RunResult, code: number, pattern: RegExp) {
	t.is(result.code, code, result.stderr);
	t.is(result.stdout, '');
	const lines = result.stderr.trimEnd().split('\n');
	t.is(lines.length, 1, `expected one line, got:\n${result.stderr}`);
	t.regex(lines[0]!, /^msid: /);
	t.regex(lines[0]!, pattern);
	t.notRegex(result.stderr, /\n\s+at /, 'no stack trace');
}

async function unchanged(t: ExecutionContext, msid: MsidEnv, run: () => Promise<RunResult>, code: number, pattern: RegExp) {
	const before = await snapshotState(msid);
	oneLine(t, await run(), code, pattern);
	t.deepEqual(await snapshotState(msid), before);
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{url: string; server: Server}> {
	const server = createServer(handler);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	return {url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server};
}

test('unknown account', async t => {
	await unchanged(t, signedIn!, async () => runMsid(['token', 'nobody'], signedIn!.env), 1, /No account matches "nobody".*msid list/);
});

test('malformed tenant', async t => {
	await unchanged(t, signedIn!, async () => runMsid(['login', '--tenant', 'not a tenant!'], signedIn!.env), 2, /is not a tenant: use common, organizations/);
});

test('http issuer that is not loopback', async t => {
	await unchanged(
		t,
		signedIn!,
		async () => runMsid(['login', '--provider', 'oidc', '--issuer', 'http://login.example.com', '--client-id', 'x'], signedIn!.env),
		2,
		/Refusing the http issuer http:\/\/login\.example\.com: use https/,
	);
});

test('http issuer on a *.localhost name: not loopback, as the name goes through the resolver', async t => {
	for (const issuer of ['http://foo.localhost', 'http://login.localhost:8080/tenant']) {
		await unchanged(
			t,
			signedIn!,
			async () => runMsid(['login', '--provider', 'oidc', '--issuer', issuer, '--client-id', 'x'], signedIn!.env),
			2,
			/Refusing the http issuer http:\/\/\w+\.localhost(?::8080)?: use https/,
		);
	}
});

test('unreachable issuer', async t => {
	// A port that was just free: nothing listens there.
	const {url, server} = await serve(() => undefined);
	await new Promise(resolve => server.close(resolve));
	await unchanged(
		t,
		signedIn!,
		async () => runMsid(['login', '--provider', 'oidc', '--issuer', url, '--client-id', 'x'], signedIn!.env),
		1,
		/Could not read the provider's OpenID configuration at 127\.0\.0\.1:\d+: the connection was refused/,
	);
});

test('discovery document that is not JSON', async t => {
	const {url, server} = await serve((_request, response) => {
		response.writeHead(200, {'content-type': 'text/html'}).end('<html><body>Sign in to the Wi-Fi</body></html>');
	});
	t.teardown(() => server.close());
	await unchanged(t, signedIn!, async () => runMsid(['login', '--provider', 'oidc', '--issuer', url, '--client-id', 'x'], signedIn!.env), 1, /an HTML page came back instead of the server's answer \(a captive portal/);
});

test('token endpoint answering HTML during a refresh of an expired token', async t => {
	// An account of its own: the others share a token that is still valid, which msid would serve.
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator!.url});
	await signIn(msid.env);
	await setTokenExpiry(msid, -60_000);
	emulator!.faults.enqueue('token', {kind: 'html'}, 5);
	t.teardown(() => emulator!.faults.clear());
	await unchanged(t, msid, async () => runMsid(['token'], msid.env), 1, /Could not refresh the token of alice@contoso\.onmicrosoft\.com.*captive portal/);
});

for (const [what, content, command] of [
	['corrupt config file', '{"version": 1, "accounts": {', 'list'],
	['a damaged account entry in the config file (msid list)', '{"version": 1, "accounts": {"a1": null}, "defaultAccount": "a1"}', 'list'],
	['a damaged account entry in the config file (msid token)', '{"version": 1, "accounts": {"a1": null}, "defaultAccount": "a1"}', 'token'],
] as const) {
	test(what, async t => {
		const msid = await makeMsidEnv(keyring().env);
		const file = path.join(msid.configDir, 'config.json');
		await writeFile(file, content);
		const result = await runMsid([command], msid.env);
		oneLine(t, result, 1, new RegExp(`Config file ${file.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*fix or move away`, 'i'));
		t.false(result.stderr.includes('Cannot read properties'));
		t.is(await readFile(file, 'utf8'), content);
	});
}

test('no secret store reachable', async t => {
	// An emulator of its own: the shared one also counts the sign-ins other tests here run at the same time.
	const own = await startEmulator({interval: 1});
	t.teardown(async () => own.close());
	const msid = await makeMsidEnv({AZURE_AUTHORITY_HOST: own.url, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus'});
	const result = await runMsid(['login'], msid.env);
	oneLine(t, result, 1, /D-Bus.*MSID_STORE=file/);
	t.is(own.stats.requests.filter(request => request.endpoint === 'devicecode').length, 0, 'no sign-in was started');
});
