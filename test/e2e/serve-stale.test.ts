/**
 * Serve what still works: when a refresh fails for a reason that may pass (503, a dropped
 * connection, a captive portal's HTML page, a provider that never answers) and the cached token
 * has not expired, msid token hands it out with one warning line; once it has expired, the
 * failure is one plain line within 15 s. Config and keychain stay byte for byte as they were.
 */
import test, {type ExecutionContext} from 'ava';
import type {Fault} from '../../source/emulator/faults.js';
import {emulatorPerTestFile, keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {setTokenExpiry} from '../helpers/token-expiry.js';
import {makeMsidEnv, runMsid, type MsidEnv} from '../helpers/cli.js';
import {snapshotState} from '../helpers/state-snapshot.js';

const keyring = keychainPerTestFile();
const emulator = emulatorPerTestFile({accessTokenLifetimeSeconds: 3600});

let signedIn: Promise<MsidEnv> | undefined;
async function account(): Promise<MsidEnv> {
	signedIn ??= (async () => {
		const msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator().url});
		await signIn(msid.env);
		return msid;
	})();
	return signedIn;
}

const failures: Array<[string, Fault]> = [
	['503', {kind: 'status', status: 503}],
	['a connection reset', {kind: 'drop'}],
	['an HTML page (captive portal)', {kind: 'html'}],
	['a provider that never answers', {kind: 'latency', ms: 60_000}],
];

function cachedAccessToken(secrets: Record<string, string | undefined>): string | undefined {
	return Object.entries(secrets).find(([key]) => key.includes('/access-token/'))?.[1];
}

function oneLine(t: ExecutionContext, stderr: string): string {
	const lines = stderr.trimEnd().split('\n');
	t.is(lines.length, 1, `one line on stderr, got:\n${stderr}`);
	t.notRegex(stderr, /\n\s+at /);
	return lines[0]!;
}

// One account for the whole file: the cases run one after another.
for (const [what, fault] of failures) {
	test.serial(`${what} with a still-valid cached token: exit 0, the cached token, one warning line saying when it expires`, async t => {
		const msid = await account();
		await setTokenExpiry(msid, 4 * 60_000);
		const before = await snapshotState(msid);
		emulator().faults.enqueue('token', fault, 2);
		t.teardown(() => emulator().faults.clear());
		const requests = emulator().stats.count('token');
		const result = await runMsid(['token'], msid.env);
		t.true(emulator().stats.count('token') > requests, 'a refresh was tried');
		t.is(result.code, 0, result.stderr);
		t.is(result.stdout, `${cachedAccessToken(before.secrets)}\n`);
		const line = oneLine(t, result.stderr);
		t.regex(line, /^msid: Could not refresh the token of .* at 127\.0\.0\.1:\d+: .*; using the cached token, which expires in [34] min \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\.$/);
		t.deepEqual(await snapshotState(msid), before, 'config and keychain unchanged');
	});

	test.serial(`${what} with an expired cached token: exit 1 within 15 s, one plain line naming the host`, async t => {
		const msid = await account();
		await setTokenExpiry(msid, -60_000);
		const before = await snapshotState(msid);
		emulator().faults.enqueue('token', fault, 2);
		t.teardown(() => emulator().faults.clear());
		const started = Date.now();
		const result = await runMsid(['token'], msid.env);
		const elapsed = Date.now() - started;
		t.is(result.code, 1, result.stderr);
		t.is(result.stdout, '');
		t.true(elapsed < 15_000, `reported after ${elapsed} ms`);
		t.regex(oneLine(t, result.stderr), /^msid: Could not refresh the token of .* at 127\.0\.0\.1:\d+: /);
		t.deepEqual(await snapshotState(msid), before, 'config and keychain unchanged');
	});
}

test.serial('a refusal that means "sign in again" is not papered over by a valid cached token', async t => {
	const msid = await account();
	await setTokenExpiry(msid, 4 * 60_000);
	emulator().faults.enqueue('token', {kind: 'aadsts', error: 'invalid_grant', code: 700_082});
	t.teardown(() => emulator().faults.clear());
	const result = await runMsid(['token'], msid.env);
	t.not(result.code, 0);
	t.is(result.stdout, '');
	t.regex(result.stderr, /AADSTS700082/);
});
