/**
 * Refresh safety across processes, against oidc-provider with Auth0-style rotation (reusing
 * a spent refresh token revokes the grant): many msid processes needing a refresh at once
 * must cause exactly one refresh; a holder killed mid-refresh must not block the next one.
 */
import {setTimeout as delay} from 'node:timers/promises';
import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {startEmulator} from '../../source/emulator/index.js';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {setTokenExpiry} from '../helpers/token-expiry.js';
import {makeMsidEnv, runMsid, startMsid} from '../helpers/cli.js';
import {startOidcProvider} from '../helpers/oidc-server.js';

const keyring = keychainPerTestFile();

test('20 processes refreshing at once: one refresh, 20 valid tokens, no invalid_grant', async t => {
	const provider = await startOidcProvider({pollInterval: 1});
	t.teardown(async () => provider.close());
	const msid = await makeMsidEnv(keyring().env);
	await signIn(msid.env, ['--provider', 'oidc', '--issuer', provider.issuer, '--client-id', provider.clients.device.clientId], async (userCode, uri) =>
		provider.approveDevice({verificationUri: uri, userCode}),
	);
	await setTokenExpiry(msid, 60_000);

	const results = await Promise.all(Array.from({length: 20}, async () => runMsid(['token'], msid.env)));
	for (const result of results) {
		t.is(result.code, 0, result.stderr);
	}

	const tokens = new Set(results.map(result => result.stdout.trim()));
	t.is(tokens.size, 1, 'every process printed the one refreshed token');
	t.true((await provider.introspect([...tokens][0]!)).active);
	t.is(provider.counts().refresh, 1);
	t.is(provider.counts().invalidGrant, 0);
});

test('a process killed with SIGKILL while holding the refresh lock delays the next one by at most 10 s', async t => {
	const emulator = await startEmulator({interval: 1, accessTokenLifetimeSeconds: 240});
	t.teardown(async () => emulator.close());
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator.url});
	await signIn(msid.env);
	await setTokenExpiry(msid, 60_000);

	// The first refresh hangs at the server, so its process sits inside the lock.
	emulator.faults.enqueue('token', {kind: 'latency', ms: 60_000}, 1);
	const tokenRequests = emulator.stats.count('token');
	const holder = startMsid(['token'], msid.env);
	const locks = path.join(msid.configDir, 'locks');
	const held = () => existsSync(locks) && readdirSync(locks).some(name => name.startsWith('account-'));
	for (let tries = 0; (!held() || emulator.stats.count('token') === tokenRequests) && tries < 400; tries++) {
		await delay(25);
	}

	t.true(held(), 'the first process holds the account lock');
	t.is(emulator.stats.count('token'), tokenRequests + 1, 'and waits inside it for the token endpoint');
	holder.child.kill('SIGKILL');
	await holder.done;

	const started = Date.now();
	const next = await runMsid(['token'], msid.env);
	const elapsed = Date.now() - started;
	t.is(next.code, 0, next.stderr);
	t.regex(next.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
	t.true(elapsed < 10_000, `the next msid token took ${elapsed} ms`);
});
