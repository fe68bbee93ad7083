import {createPublicKey, verify, type JsonWebKey} from 'node:crypto';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {createHash, randomBytes} from 'node:crypto';
import test from 'ava';
import {startOidcProvider, type OidcServer} from './helpers/oidc-server.js';

// The test identity provider must behave like Auth0 where msid depends on it; these
// tests talk to it over HTTP the way msid does.

type Json = Record<string, unknown>;

interface Discovery {
	issuer: string;
	device_authorization_endpoint: string;
	token_endpoint: string;
	authorization_endpoint: string;
	jwks_uri: string;
	introspection_endpoint: string;
	revocation_endpoint: string;
	grant_types_supported: string[];
	code_challenge_methods_supported: string[];
}

async function discover(server: OidcServer): Promise<Discovery> {
	const response = await fetch(`${server.issuer}/.well-known/openid-configuration`);
	return response.json() as Promise<Discovery>;
}

async function post(url: string, parameters: Record<string, string>): Promise<{status: number; body: Json}> {
	const response = await fetch(url, {
		method: 'POST',
		headers: {'content-type': 'application/x-www-form-urlencoded', accept: 'application/json'},
		body: new URLSearchParams(parameters),
	});
	return {status: response.status, body: await response.json() as Json};
}

async function deviceAuthorization(server: OidcServer, parameters: Record<string, string>) {
	const {device_authorization_endpoint: endpoint} = await discover(server);
	const {status, body} = await post(endpoint, {client_id: server.clients.device.clientId, ...parameters});
	if (status !== 200) {
		throw new Error(`device authorization failed: ${JSON.stringify(body)}`);
	}

	return body as {device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval?: number};
}

async function pollDeviceCode(server: OidcServer, deviceCode: string) {
	return post(`${server.issuer}/token`, {
		grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
		device_code: deviceCode,
		client_id: server.clients.device.clientId,
	});
}

async function refresh(server: OidcServer, refreshToken: string) {
	return post(`${server.issuer}/token`, {
		grant_type: 'refresh_token',
		refresh_token: refreshToken,
		client_id: server.clients.device.clientId,
	});
}

/** Device flow up to tokens, approved by `alice`. */
async function signInWithDevice(server: OidcServer, parameters: Record<string, string>) {
	const authorization = await deviceAuthorization(server, parameters);
	await server.approveDevice({verificationUri: authorization.verification_uri, userCode: authorization.user_code});
	const {status, body} = await pollDeviceCode(server, authorization.device_code);
	if (status !== 200) {
		throw new Error(`device code redemption failed: ${JSON.stringify(body)}`);
	}

	return body as {access_token: string; refresh_token?: string; id_token?: string; expires_in: number; scope?: string; token_type: string};
}

function decodeJwt(token: string): {header: Json; payload: Json} {
	const [header = '', payload = ''] = token.split('.');
	return {
		header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Json,
		payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Json,
	};
}

async function verifyJwt(server: OidcServer, token: string): Promise<boolean> {
	const {jwks_uri: jwksUri} = await discover(server);
	const {keys} = await (await fetch(jwksUri)).json() as {keys: Array<JsonWebKey & {kid: string}>};
	const [header = '', payload = '', signature = ''] = token.split('.');
	const key = keys.find(candidate => candidate.kid === decodeJwt(token).header['kid']);
	if (!key) {
		return false;
	}

	return verify('sha256', Buffer.from(`${header}.${payload}`), createPublicKey({key, format: 'jwk'}), Buffer.from(signature, 'base64url'));
}

const isJwt = (token: string) => token.split('.').length === 3;

test('discovery advertises the endpoints msid uses, with the issuer exactly as given', async t => {
	const server = await startOidcProvider();
	t.teardown(() => server.close());
	const discovery = await discover(server);
	t.regex(server.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
	t.is(discovery.issuer, server.issuer);
	t.is(discovery.device_authorization_endpoint, `${server.issuer}/device/auth`);
	t.is(discovery.token_endpoint, `${server.issuer}/token`);
	t.is(discovery.jwks_uri, `${server.issuer}/jwks`);
	t.is(discovery.introspection_endpoint, `${server.issuer}/token/introspection`);
	t.is(discovery.revocation_endpoint, `${server.issuer}/token/revocation`);
	t.truthy(discovery.authorization_endpoint);
	t.true(discovery.code_challenge_methods_supported.includes('S256'));
	for (const grant of ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token', 'client_credentials', 'authorization_code']) {
		t.true(discovery.grant_types_supported.includes(grant), grant);
	}
});

test('device flow: pending until the user approves, then access, refresh and ID tokens', async t => {
	const server = await startOidcProvider();
	t.teardown(() => server.close());
	const authorization = await deviceAuthorization(server, {scope: 'openid profile offline_access read:things', audience: server.audience});
	t.is(authorization.verification_uri, `${server.issuer}/device`);
	t.is(authorization.expires_in, 600);
	t.is(authorization.interval, 5);
	t.regex(authorization.user_code, /^[A-Z]{4}-[A-Z]{4}$/);

	const pending = await pollDeviceCode(server, authorization.device_code);
	t.is(pending.status, 400);
	t.is(pending.body['error'], 'authorization_pending');

	await server.approveDevice({verificationUri: authorization.verification_uri, userCode: authorization.user_code, accountId: 'bob'});
	const {status, body} = await pollDeviceCode(server, authorization.device_code);
	t.is(status, 200);
	t.is(body['token_type'], 'Bearer');
	t.is(body['expires_in'], 3600);
	// With an audience the response's scope is the access token's: API scopes only.
	t.is(body['scope'], 'read:things');
	t.is(typeof body['refresh_token'], 'string');

	const accessToken = String(body['access_token']);
	t.true(isJwt(accessToken));
	t.true(await verifyJwt(server, accessToken));
	const access = decodeJwt(accessToken).payload;
	t.is(access['aud'], server.audience);
	t.is(access['iss'], server.issuer);
	t.is(access['sub'], 'bob');
	t.is(access['scope'], 'read:things');
	t.is(access['client_id'], server.clients.device.clientId);

	const idToken = String(body['id_token']);
	t.true(await verifyJwt(server, idToken));
	const identity = decodeJwt(idToken).payload;
	t.is(identity['iss'], server.issuer);
	t.is(identity['aud'], server.clients.device.clientId);
	t.is(identity['sub'], 'bob');

	const again = await pollDeviceCode(server, authorization.device_code);
	t.is(again.body['error'], 'invalid_grant', 'a device code is redeemed once');
	t.like(server.counts(), {deviceCode: 1, refresh: 0, invalidGrant: 1, errors: {authorization_pending: 1, invalid_grant: 1}});
});

test('device flow without audience gives an opaque access token that introspection knows', async t => {
	const server = await startOidcProvider();
	t.teardown(() => server.close());
	const tokens = await signInWithDevice(server, {scope: 'openid offline_access'});
	t.is(tokens.scope, 'openid offline_access');
	t.false(isJwt(tokens.access_token));
	const introspection = await server.introspect(tokens.access_token);
	t.true(introspection.active);
	t.is(introspection['sub'], 'alice');
	t.is(introspection['client_id'], server.clients.device.clientId);
	t.true((await server.introspect(tokens.refresh_token ?? '')).active);
	t.false((await server.introspect('not-a-token')).active);
});

test('declining on the verification page makes polling answer access_denied', async t => {
	const server = await startOidcProvider();
	t.teardown(() => server.close());
	const authorization = await deviceAuthorization(server, {scope: 'openid offline_access'});
	await server.approveDevice({verificationUri: authorization.verification_uri, userCode: authorization.user_code, decision: 'decline'});
	const {status, body} = await pollDeviceCode(server, authorization.device_code);
	t.is(status, 400);
	t.is(body['error'], 'access_denied');
	t.is(server.counts().deviceCode, 0);
});

test('without offline_access there is no refresh token', async t => {
	const server = await startOidcProvider();
	t.teardown(() => server.close());
	const tokens = await signInWithDevice(server, {scope: 'openid'});
	t.is(tokens.refresh_token, undefined);
	t.truthy(tokens.id_token);
});

test('every refresh rotates; reusing a rotated refresh token fails and revokes the whole grant', async t => {
	const server = await startOidcProvider();
	t.teardown(() => server.close());
	const tokens = await signInWithDevice(server, {scope: 'openid offline_access read:things', audience: server.audience});
	const first = tokens.refresh_token ?? '';

	const rotated = await refresh(server, first);
	t.is(rotated.status, 200);
	const second = String(rotated.body['refresh_token']);
	t.not(second, first);
	t.is(decodeJwt(String(rotated.body['access_token'])).payload['aud'], server.audience, 'refreshes keep the audience');
	t.truthy(rotated.body['id_token']);

	const reuse = await refresh(server, first);
	t.is(reuse.status, 400);
	t.is(reuse.body['error'], 'invalid_grant');

	const afterReuse = await refresh(server, second);
	t.is(afterReuse.body['error'], 'invalid_grant', 'reuse detection revoked the newer token too');
	t.like(server.counts(), {refresh: 1, invalidGrant: 2});
});

test('revokeAll makes refresh answer invalid_grant and access tokens inactive', async t => {
	const server = await startOidcProvider();
	t.teardown(() => server.close());
	const alice = await signInWithDevice(server, {scope: 'openid offline_access'});
	const authorization = await deviceAuthorization(server, {scope: 'openid offline_access'});
	await server.approveDevice({verificationUri: authorization.verification_uri, userCode: authorization.user_code, accountId: 'carol'});
	const carol = (await pollDeviceCode(server, authorization.device_code)).body;

	await server.revokeAll('alice');
	t.is((await refresh(server, alice.refresh_token ?? '')).body['error'], 'invalid_grant');
	t.false((await server.introspect(alice.access_token)).active);
	t.is((await refresh(server, String(carol['refresh_token']))).status, 200, 'other accounts keep their grants');

	await server.revokeAll();
	t.false((await server.introspect(String(carol['access_token']))).active);
});

test('client credentials with audience gives a JWT for that API', async t => {
	const server = await startOidcProvider();
	t.teardown(() => server.close());
	const {clientId, clientSecret} = server.clients.confidential;
	const {status, body} = await post(`${server.issuer}/token`, {
		grant_type: 'client_credentials',
		client_id: clientId,
		client_secret: clientSecret,
		audience: server.audience,
		scope: 'read:things',
	});
	t.is(status, 200);
	const token = String(body['access_token']);
	t.true(await verifyJwt(server, token));
	t.like(decodeJwt(token).payload, {aud: server.audience, client_id: clientId, scope: 'read:things', iss: server.issuer});
	t.is(body['scope'], 'read:things');

	const opaque = await post(`${server.issuer}/token`, {grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret});
	t.is(opaque.status, 200);
	t.true((await server.introspect(String(opaque.body['access_token']))).active);

	const wrongSecret = await post(`${server.issuer}/token`, {grant_type: 'client_credentials', client_id: clientId, client_secret: 'nope'});
	t.is(wrongSecret.body['error'], 'invalid_client');

	const unknownApi = await post(`${server.issuer}/token`, {grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, audience: 'https://other.test'});
	t.is(unknownApi.body['error'], 'invalid_target');
	t.like(server.counts(), {clientCredentials: 2});
});

function authorizationUrl(server: OidcServer, parameters: Record<string, string>): string {
	const url = new URL(`${server.issuer}/auth`);
	url.search = new URLSearchParams({client_id: server.clients.device.clientId, response_type: 'code', ...parameters}).toString();
	return url.href;
}

function pkce() {
	const verifier = randomBytes(32).toString('base64url');
	return {verifier, challenge: createHash('sha256').update(verifier).digest('base64url')};
}

test('authorization code with PKCE and a loopback redirect on any port', async t => {
	const server = await startOidcProvider();
	t.teardown(() => server.close());
	const received: string[] = [];
	const loopback = createServer((request, response) => {
		received.push(request.url ?? '');
		response.end('signed in');
	});
	await new Promise<void>(resolve => loopback.listen(0, '127.0.0.1', resolve));
	t.teardown(() => loopback.close());
	const redirectUri = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}/`;

	const {verifier, challenge} = pkce();
	const state = randomBytes(8).toString('hex');
	const url = authorizationUrl(server, {
		redirect_uri: redirectUri,
		scope: 'openid offline_access read:things',
		audience: server.audience,
		state,
		code_challenge: challenge,
		code_challenge_method: 'S256',
	});
	t.is(new URL(url).origin + new URL(url).pathname, (await discover(server)).authorization_endpoint);

	const result = await server.signInWithBrowser({url});
	t.is(result.deliveredStatus, 200);
	t.is(received.length, 1);
	t.is(result.params.get('state'), state);
	t.is(result.params.get('iss'), server.issuer);
	const code = result.params.get('code') ?? '';

	const exchange = await post(`${server.issuer}/token`, {
		grant_type: 'authorization_code',
		client_id: server.clients.device.clientId,
		code,
		redirect_uri: redirectUri,
		code_verifier: verifier,
	});
	t.is(exchange.status, 200);
	t.is(typeof exchange.body['refresh_token'], 'string');
	t.is(decodeJwt(String(exchange.body['access_token'])).payload['aud'], server.audience);
	t.is(decodeJwt(String(exchange.body['id_token'])).payload['sub'], 'alice');
	t.like(server.counts(), {authorizationCode: 1});

	const declined = await server.signInWithBrowser({url, decision: 'decline', deliver: false});
	t.is(declined.params.get('error'), 'access_denied');
});

test('a public client must use PKCE', async t => {
	const server = await startOidcProvider();
	t.teardown(() => server.close());
	const url = authorizationUrl(server, {redirect_uri: 'http://127.0.0.1:1/', scope: 'openid'});
	const result = await server.signInWithBrowser({url, deliver: false});
	t.is(result.params.get('error'), 'invalid_request');
	t.regex(result.params.get('error_description') ?? '', /PKCE/);
});

test('lifetimes are configurable', async t => {
	const server = await startOidcProvider({accessTokenTtl: 2, deviceCodeTtl: 30, pollInterval: 1});
	t.teardown(() => server.close());
	const authorization = await deviceAuthorization(server, {scope: 'openid offline_access'});
	t.is(authorization.expires_in, 30);
	t.is(authorization.interval, 1);
	await server.approveDevice({verificationUri: authorization.verification_uri_complete, userCode: authorization.user_code});
	const {body} = await pollDeviceCode(server, authorization.device_code);
	t.is(body['expires_in'], 2);
	const rotated = await refresh(server, String(body['refresh_token']));
	t.is(rotated.body['expires_in'], 2);
});

test('an expired device code answers expired_token', async t => {
	const server = await startOidcProvider({deviceCodeTtl: 1, pollInterval: null});
	t.teardown(() => server.close());
	const authorization = await deviceAuthorization(server, {scope: 'openid'});
	t.is(authorization.interval, undefined);
	await new Promise(resolve => setTimeout(resolve, 2100));
	const {body} = await pollDeviceCode(server, authorization.device_code);
	t.is(body['error'], 'expired_token');
});

test('strictOfflineAccess: without prompt=consent the authorization code flow gives no refresh token', async t => {
	const server = await startOidcProvider({strictOfflineAccess: true});
	t.teardown(() => server.close());
	const redeem = async (prompt?: string) => {
		const {verifier, challenge} = pkce();
		const redirectUri = 'http://127.0.0.1:1/';
		const url = authorizationUrl(server, {
			redirect_uri: redirectUri,
			scope: 'openid offline_access',
			code_challenge: challenge,
			code_challenge_method: 'S256',
			...(prompt ? {prompt} : {}),
		});
		const {params} = await server.signInWithBrowser({url, deliver: false});
		const {body} = await post(`${server.issuer}/token`, {
			grant_type: 'authorization_code',
			client_id: server.clients.device.clientId,
			code: params.get('code') ?? '',
			redirect_uri: redirectUri,
			code_verifier: verifier,
		});
		return body;
	};

	t.is((await redeem())['refresh_token'], undefined);
	t.is(typeof (await redeem('consent'))['refresh_token'], 'string');
});

test('the confidential client can use client_secret_basic instead', async t => {
	const server = await startOidcProvider({confidentialAuthMethod: 'client_secret_basic'});
	t.teardown(() => server.close());
	const {clientId, clientSecret} = server.clients.confidential;
	const response = await fetch(`${server.issuer}/token`, {
		method: 'POST',
		headers: {authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`},
		body: new URLSearchParams({grant_type: 'client_credentials', audience: server.audience, scope: 'write:things'}),
	});
	const body = await response.json() as Json;
	t.is(response.status, 200);
	t.like(decodeJwt(String(body['access_token'])).payload, {aud: server.audience, scope: 'write:things'});
	await t.throwsAsync(server.introspect(String(body['access_token'])), {message: /unsupported_token_type/}, 'oidc-provider does not introspect JWTs');
});

test('the verification page refuses a user code posted without its xsrf field', async t => {
	const server = await startOidcProvider();
	t.teardown(() => server.close());
	const authorization = await deviceAuthorization(server, {scope: 'openid'});
	const page = await fetch(authorization.verification_uri, {headers: {accept: 'text/html'}});
	t.regex(await page.text(), /name="xsrf"/);
	const cookie = page.headers.getSetCookie().map(header => header.split(';')[0]).join('; ');
	const response = await fetch(authorization.verification_uri, {
		method: 'POST',
		headers: {'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie},
		body: new URLSearchParams({user_code: authorization.user_code, confirm: 'yes'}),
	});
	t.is(response.status, 400);
	t.regex(await response.text(), /invalid_request: xsrf token invalid/);
	t.is((await pollDeviceCode(server, authorization.device_code)).body['error'], 'authorization_pending');
});

test('approveDevice reports a user code the page does not accept', async t => {
	const server = await startOidcProvider();
	t.teardown(() => server.close());
	const authorization = await deviceAuthorization(server, {scope: 'openid'});
	await t.throwsAsync(
		server.approveDevice({verificationUri: authorization.verification_uri, userCode: 'BCDF-GHJK'}),
		{message: /did not accept the code: Sign-in: the code was not found/},
	);
	await server.approveDevice({verificationUri: authorization.verification_uri, userCode: authorization.user_code.toLowerCase()});
	await t.throwsAsync(
		server.approveDevice({verificationUri: authorization.verification_uri, userCode: authorization.user_code}),
		{message: /code has already been used/},
	);
});
