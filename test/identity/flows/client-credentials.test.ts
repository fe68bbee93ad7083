/**
 * Client credentials with a secret, over real HTTP: the Entra emulator and oidc-provider.
 */
import test from 'ava';
import {CONTOSO_TENANT_ID, SECRET_CLIENT_ID, SECRET_CLIENT_SECRET, startEmulator, type Emulator} from '../../../source/emulator/index.js';
import {MsidError, UsageError} from '../../../source/model/errors.js';
import {clientCredentialsTokens, secretClientAuth} from '../../../source/identity/client-credentials.js';
import {startOidcProvider, type OidcServer} from '../../helpers/oidc-server.js';
import {entraSession, oidcSession} from './sessions.js';

let emulator: Emulator;
let oidc: OidcServer;
test.before(async () => {
	[emulator, oidc] = await Promise.all([startEmulator(), startOidcProvider()]);
});
test.after.always(async () => {
	await Promise.all([emulator?.close(), oidc?.close()]);
});

function claimsOf(jwt: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function secretSession(secret = SECRET_CLIENT_SECRET) {
	return entraSession(emulator.url, {tenant: CONTOSO_TENANT_ID, clientId: SECRET_CLIENT_ID, clientAuth: secretClientAuth(secret)});
}

test('Entra: a client secret gets an application token for RESOURCE/.default, without refresh token', async t => {
	const tokens = await clientCredentialsTokens(await secretSession(), {scopes: ['https://graph.microsoft.com/.default']});
	const claims = claimsOf(tokens.accessToken);
	t.is(claims['aud'], 'https://graph.microsoft.com');
	t.is(claims['idtyp'], 'app');
	t.is(claims['tid'], CONTOSO_TENANT_ID);
	t.deepEqual(claims['roles'], ['User.Read.All']);
	t.is(tokens.refreshToken, undefined);
	t.is(tokens.idToken, undefined);
	t.true(tokens.expiresAt > Date.now() + 50 * 60 * 1000);
	t.deepEqual(tokens.grantedScopes, ['https://graph.microsoft.com/.default']);
});

// Serial: it counts the emulator's requests, which the other tests would add to.
test.serial('Entra: a scope that is not RESOURCE/.default is refused before any request, in one line', async t => {
	const before = emulator.stats.count('token', 'client_credentials');
	for (const scopes of [['User.Read'], ['https://graph.microsoft.com/User.Read'], [], ['https://graph.microsoft.com/.default', 'api://msid-demo/.default']]) {
		const error = await t.throwsAsync(clientCredentialsTokens(await secretSession(), {scopes}), {instanceOf: UsageError});
		t.regex(error.message, /\/\.default/);
		t.false(error.message.includes('\n'));
	}

	t.is(emulator.stats.count('token', 'client_credentials'), before);
});

test('Entra: a wrong secret says what to check, and never repeats the secret', async t => {
	const wrong = 'wrong-secret-value-123';
	const error = await t.throwsAsync(clientCredentialsTokens(await secretSession(wrong), {scopes: ['https://graph.microsoft.com/.default']}), {instanceOf: MsidError});
	t.is(error.code, 'oauth-invalid_client');
	t.regex(error.message, /AADSTS7000215/);
	t.regex(error.message, /client secret is wrong or expired/);
	t.false(error.message.includes('\n'));
	t.false(`${error.message} ${error.hint ?? ''}`.includes(wrong));
});

test('oidc-provider: a client secret with audience gets a JWT for that API', async t => {
	const session = await oidcSession(oidc.issuer, oidc.clients.confidential.clientId, {clientAuth: secretClientAuth(oidc.clients.confidential.clientSecret)});
	const tokens = await clientCredentialsTokens(session, {scopes: ['read:things'], audience: oidc.audience});
	const claims = claimsOf(tokens.accessToken);
	t.is(claims['aud'], oidc.audience);
	t.is(claims['client_id'], oidc.clients.confidential.clientId);
	t.regex(String(claims['scope']), /read:things/);
	t.is(tokens.refreshToken, undefined);
	t.is(oidc.counts().clientCredentials, 1);
});

test('oidc-provider: a wrong secret is invalid_client with guidance', async t => {
	const session = await oidcSession(oidc.issuer, oidc.clients.confidential.clientId, {clientAuth: secretClientAuth('nope')});
	const error = await t.throwsAsync(clientCredentialsTokens(session, {scopes: [], audience: oidc.audience}), {instanceOf: MsidError});
	t.is(error.code, 'oauth-invalid_client');
	t.regex(error.message, /client id or its credentials were rejected/);
});
