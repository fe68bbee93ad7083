/**
 * Azure AD B2C and Entra External ID, as the emulator shapes them: a B2C user flow signs in in the
 * browser (B2C has no device code) and an external tenant by device code, each with its issuer
 * checked against what that authority type publishes; both refresh. A discovery document with a
 * foreign issuer is refused before any sign-in, in words that do not blame the user, and nothing
 * is saved.
 */
import {createServer} from 'node:http';
import {chmod, readFile, writeFile} from 'node:fs/promises';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import test, {type ExecutionContext} from 'ava';
import {B2C_CLIENT_ID, CAROL, CIAM_CLIENT_ID, CONTOSO_CIAM_TENANT_ID, DANA, FABRIKAM_B2C_TENANT_ID} from '../../source/emulator/index.js';
import type {ConfigData} from '../../source/model/account.js';
import {approveAuthorization} from '../helpers/emulator-approve.js';
import {approveOnEmulator, emulatorPerTestFile, keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid, startMsid, type MsidEnv} from '../helpers/cli.js';
import {jwtClaims} from '../helpers/jwt.js';
import {snapshotState} from '../helpers/state-snapshot.js';
import {setTokenExpiry} from '../helpers/token-expiry.js';

const keyring = keychainPerTestFile();
const emulator = emulatorPerTestFile({accessTokenLifetimeSeconds: 240});

async function config(msid: MsidEnv): Promise<ConfigData> {
	return JSON.parse(await readFile(path.join(msid.configDir, 'config.json'), 'utf8')) as ConfigData;
}

/** A refresh near expiry through `msid token`: one refresh_token grant (tests that count are serial), the ID token's issuer checked again. */
async function refreshes(t: ExecutionContext, msid: MsidEnv): Promise<string> {
	const before = emulator().stats.count('token', 'refresh_token');
	await setTokenExpiry(msid, 60_000);
	const token = await runMsid(['token'], msid.env);
	t.is(token.code, 0, token.stderr);
	t.is(emulator().stats.count('token', 'refresh_token'), before + 1);
	return token.stdout.trim();
}

test.serial('a B2C user flow signs in in the browser (its default) with the issuer checked, and refreshes', async t => {
	const msid = await makeMsidEnv(keyring().env);
	const urlFile = path.join(msid.home, 'opened-url');
	const opener = path.join(msid.home, 'open-url');
	await writeFile(opener, `#!/bin/sh\nprintf '%s' "$1" > '${urlFile}'\n`);
	await chmod(opener, 0o755);
	const authority = `${emulator().url}/fabrikamb2c.onmicrosoft.com/B2C_1_susi/v2.0`;
	const login = startMsid(['login', '--provider', 'b2c', '--issuer', authority, '--client-id', B2C_CLIENT_ID], {...msid.env, BROWSER: opener});
	let url = '';
	for (let tries = 0; !url && tries < 200; tries++) {
		url = await readFile(urlFile, 'utf8').catch(() => '');
		await delay(50);
	}

	t.regex(url, /\/fabrikamb2c\.onmicrosoft\.com\/b2c_1_susi\/oauth2\/v2\.0\/authorize\?/);
	t.is(new URL(url).searchParams.get('redirect_uri')?.replace(/:\d+$/, ''), 'http://localhost');
	t.deepEqual(new URL(url).searchParams.get('scope')?.split(' '), ['openid', 'offline_access', B2C_CLIENT_ID]);
	await approveAuthorization({authorizeUrl: url, username: CAROL.username, follow: true});
	const result = await login.done;
	t.is(result.code, 0, result.stderr);
	t.regex(result.stderr, /Signed in as carol@example\.com/);
	const [account] = Object.values((await config(msid)).accounts);
	t.is(account?.provider.kind, 'b2c');
	t.is(account?.provider.endpoints?.issuer, `${emulator().url}/${FABRIKAM_B2C_TENANT_ID}/v2.0/`);

	const token = await refreshes(t, msid);
	t.is(jwtClaims(token)['aud'], B2C_CLIENT_ID);
});

test.serial('an External ID tenant signs in by device code with its {tenant id}.ciamlogin.com issuer, and refreshes', async t => {
	const msid = await makeMsidEnv(keyring().env);
	const login = await signIn(msid.env, ['--provider', 'ciam', '--issuer', `${emulator().url}/contosocustomers.onmicrosoft.com`, '--client-id', CIAM_CLIENT_ID], approveOnEmulator(DANA.username));
	t.regex(login.stderr, /Signed in as dana@example\.org/);
	const [account] = Object.values((await config(msid)).accounts);
	t.is(account?.provider.kind, 'ciam');
	t.is(account?.provider.endpoints?.issuer, `https://${CONTOSO_CIAM_TENANT_ID}.ciamlogin.com/${CONTOSO_CIAM_TENANT_ID}/v2.0`);
	await refreshes(t, msid);
});

for (const [kind, authorityPath, foreign] of [
	['b2c', '/contoso.onmicrosoft.com/B2C_1_susi/v2.0', 'https://login.microsoftonline.com/c0a7e1d5-2f4b-4b8e-9d3a-1f6e5c4b3a21/v2.0'],
	['ciam', '/contoso.onmicrosoft.com/v2.0', 'https://evil.example/c0a7e1d5-2f4b-4b8e-9d3a-1f6e5c4b3a21/v2.0'],
] as const) {
	test(`${kind}: a discovery document with a foreign issuer is refused before sign-in; the message blames no setting; nothing saved`, async t => {
		const server = createServer((request, response) => {
			const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/contoso.onmicrosoft.com`;
			response.setHeader('content-type', 'application/json');
			response.end(JSON.stringify({issuer: foreign, token_endpoint: `${base}/oauth2/v2.0/token`, authorization_endpoint: `${base}/oauth2/v2.0/authorize`, jwks_uri: `${base}/discovery/v2.0/keys`}));
			t.is(request.url, `${authorityPath}/.well-known/openid-configuration`);
		});
		server.listen(0, '127.0.0.1');
		t.teardown(() => server.close());
		await new Promise(resolve => server.once('listening', resolve));
		const msid = await makeMsidEnv(keyring().env);
		const before = await snapshotState(msid);
		const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${authorityPath}`;
		const result = await runMsid(['login', '--provider', kind, '--issuer', issuer, '--client-id', 'app', '--flow', kind === 'b2c' ? 'browser' : 'device-code', '--no-browser'], msid.env);
		t.is(result.code, 1, result.stderr);
		t.regex(result.stderr, new RegExp(`published the issuer ${foreign.replaceAll('.', '\\.')}, which is not one (?:a B2C user flow|an External ID tenant) publishes .*so it cannot be trusted: nothing was saved\\.`));
		t.notRegex(result.stderr, /--issuer|--provider|check the/i, 'no setting of the user\'s is blamed');
		t.deepEqual(await snapshotState(msid), before);
	});
}
