/**
 * The first complete path, with the real program, the real keychain (gnome-keyring in a
 * private D-Bus session) and real identity providers over HTTP: msid login (device code,
 * approved through the provider's own page) -> msid token -> a refresh that rotates the
 * stored refresh token.
 */
import test from 'ava';
import {startEmulator} from '../../source/emulator/index.js';
import {openSecretStore} from '../../source/storage/open-secret-store.js';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {setTokenExpiry} from '../helpers/token-expiry.js';
import {makeMsidEnv, runMsid, type MsidEnv} from '../helpers/cli.js';
import {startOidcProvider} from '../helpers/oidc-server.js';

const keyring = keychainPerTestFile();

/** The secrets msid stored, read back through the same keychain the program used. */
async function storedRefreshToken(msid: MsidEnv): Promise<string | undefined> {
	const store = await openSecretStore({env: msid.env, configDir: msid.configDir, onInsecureUse() {}});
	const key = (await store.keys()).find(name => name.endsWith('/refresh-token'));
	return key ? store.get(key) : undefined;
}

test('emulator: login, token, then a refresh near expiry rotates the stored refresh token', async t => {
	// Reuse detection on (as at Auth0): only then does the server prove the spent token is not the one kept.
	const emulator = await startEmulator({interval: 1, accessTokenLifetimeSeconds: 240, refreshTokenReuseDetection: true});
	t.teardown(async () => emulator.close());
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator.url});

	const login = await signIn(msid.env);
	t.regex(login.stderr, /Signed in as alice@contoso\.onmicrosoft\.com/);
	const firstRefreshToken = await storedRefreshToken(msid);
	t.truthy(firstRefreshToken);
	const refreshesBefore = emulator.stats.count('token', 'refresh_token');
	// An hour later: a minute before expiry, inside the refresh window.
	await setTokenExpiry(msid, 60_000);

	const token = await runMsid(['token'], msid.env);
	t.is(token.code, 0, token.stderr);
	const accessToken = token.stdout.trim();
	t.regex(accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
	t.is(emulator.stats.count('token', 'refresh_token'), refreshesBefore + 1);

	// The server accepts the token it issued.
	const me = await fetch(`${emulator.url}/v1.0/me`, {headers: {authorization: `Bearer ${accessToken}`}});
	t.is(me.status, 200);

	// The keychain holds the rotated refresh token, not the spent one.
	const rotated = await storedRefreshToken(msid);
	t.truthy(rotated);
	t.not(rotated, firstRefreshToken);
	const replay = await fetch(`${emulator.url}/organizations/oauth2/v2.0/token`, {
		method: 'POST',
		body: new URLSearchParams({grant_type: 'refresh_token', client_id: '14d82eec-204b-4c2f-b7e8-296a70dab67e', refresh_token: firstRefreshToken!}),
	});
	t.is(replay.status, 400, 'the spent refresh token is refused by the server');
});

test('oidc-provider: login, token accepted by introspection, refresh near expiry rotates the stored refresh token', async t => {
	const provider = await startOidcProvider({accessTokenTtl: 240, pollInterval: 1});
	t.teardown(async () => provider.close());
	const msid = await makeMsidEnv(keyring().env);

	await signIn(msid.env, ['--provider', 'oidc', '--issuer', provider.issuer, '--client-id', provider.clients.device.clientId], async (userCode, verificationUri) =>
		provider.approveDevice({verificationUri, userCode}),
	);
	const firstRefreshToken = await storedRefreshToken(msid);
	t.truthy(firstRefreshToken);
	await setTokenExpiry(msid, 60_000);

	const token = await runMsid(['token'], msid.env);
	t.is(token.code, 0, token.stderr);
	const accessToken = token.stdout.trim();
	t.true((await provider.introspect(accessToken)).active);
	t.is(provider.counts().refresh, 1);

	const rotated = await storedRefreshToken(msid);
	t.truthy(rotated);
	t.not(rotated, firstRefreshToken);

	// A token with 5 minutes or more left is served from the cache: no new refresh.
	const list = await runMsid(['list', '--json'], msid.env);
	t.is(list.code, 0, list.stderr);
	const [entry] = JSON.parse(list.stdout) as Array<{name: string; provider: string; state: string}>;
	t.is(entry?.provider, 'oidc');
	t.regex(entry?.name ?? '', /^alice@127\.0\.0\.1:\d+$/);
});
