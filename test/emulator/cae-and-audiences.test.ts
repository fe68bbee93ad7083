/**
 * The emulator's continuous access evaluation switch (both APIs' challenge shapes), exact
 * audiences, 429 answers and redirects.
 */
import test from 'ava';
import {ALICE} from '../../source/emulator/index.js';
import {parseClaimsChallenge} from '../../source/identity/claims-challenge.js';
import {decodeClaims, getJson, refresh, signInWithDeviceCode, withEmulator} from './fixtures.js';

const bearer = (token: string) => ({authorization: `Bearer ${token}`});
const cp1 = '{"access_token":{"xms_cc":{"values":["cp1"]}}}';

test('revokeSessions: a CAE token is challenged in Graph\'s and Resource Manager\'s shapes; a refresh with the claims passes; plain tokens are not evaluated', async t => {
	await withEmulator({}, async emulator => {
		const signIn = await signInWithDeviceCode(emulator, {username: ALICE.username});
		const refreshToken = signIn['refresh_token'] as string;
		const graph = await refresh(emulator, refreshToken, {claims: cp1});
		t.deepEqual(decodeClaims(graph.body['access_token'] as string)['xms_cc'], ['cp1']);
		const plain = await refresh(emulator, graph.body['refresh_token'] as string);
		t.is(decodeClaims(plain.body['access_token'] as string)['xms_cc'], undefined, 'capabilities are declared per request');
		const arm = await refresh(emulator, plain.body['refresh_token'] as string, {scope: 'https://management.azure.com/.default', claims: cp1});

		t.true(emulator.faults.revokeSessions(ALICE.username) >= 3);
		const me = await getJson(`${emulator.url}/v1.0/me`, bearer(graph.body['access_token'] as string));
		t.is(me.status, 401);
		const graphHeader = me.headers.get('www-authenticate') ?? '';
		t.regex(graphHeader, /error="insufficient_claims", claims="/);
		const tenants = await getJson(`${emulator.url}/tenants?api-version=2022-12-01`, bearer(arm.body['access_token'] as string));
		t.is(tenants.status, 401);
		const armHeader = tenants.headers.get('www-authenticate') ?? '';
		t.regex(armHeader, /error="invalid_token", error_description="User session has been revoked", claims="/);
		const claims = parseClaimsChallenge(armHeader)!.claims;
		t.regex(claims, /^\{"access_token":\{"nbf":\{"essential":true,"value":"\d+"\}\}\}$/);

		t.is((await getJson(`${emulator.url}/v1.0/me`, bearer(plain.body['access_token'] as string))).status, 200, 'a plain token is not evaluated');
		const renewed = await refresh(emulator, arm.body['refresh_token'] as string, {claims: JSON.stringify({access_token: {...JSON.parse(claims).access_token, xms_cc: {values: ['cp1']}}})});
		t.is(renewed.status, 200);
		t.is((await getJson(`${emulator.url}/v1.0/me`, bearer(renewed.body['access_token'] as string))).status, 200);
	});
});

test('audiences are compared exactly: https://management.core.windows.net/ is Resource Manager, without the slash it is unknown (AADSTS500011)', async t => {
	await withEmulator({}, async emulator => {
		const signIn = await signInWithDeviceCode(emulator);
		const withSlash = await refresh(emulator, signIn['refresh_token'] as string, {scope: 'https://management.core.windows.net//.default'});
		t.is(withSlash.status, 200);
		t.is(decodeClaims(withSlash.body['access_token'] as string)['aud'], 'https://management.core.windows.net/');
		t.is((await getJson(`${emulator.url}/tenants?api-version=2022-12-01`, bearer(withSlash.body['access_token'] as string))).status, 200);
		const withoutSlash = await refresh(emulator, withSlash.body['refresh_token'] as string, {scope: 'https://management.core.windows.net/.default'});
		t.is(withoutSlash.status, 400);
		t.is(withoutSlash.body['error_codes']?.[0], 500_011);
	});
});

test('a 429 status fault answers text with Retry-After; a redirect fault answers 307 with its Location', async t => {
	await withEmulator({}, async emulator => {
		emulator.faults.enqueue('token', {kind: 'status', status: 429, retryAfter: 60});
		const response = await fetch(`${emulator.url}/organizations/oauth2/v2.0/token`, {method: 'POST', body: new URLSearchParams({grant_type: 'refresh_token'})});
		t.is(response.status, 429);
		t.is(response.headers.get('retry-after'), '60');
		t.regex(response.headers.get('content-type') ?? '', /^text\/plain/);
		t.is(await response.text(), 'Too Many Requests');

		emulator.faults.enqueue('me', {kind: 'redirect', location: 'http://127.0.0.1:9/elsewhere'});
		const redirected = await fetch(`${emulator.url}/v1.0/me`, {redirect: 'manual'});
		t.is(redirected.status, 307);
		t.is(redirected.headers.get('location'), 'http://127.0.0.1:9/elsewhere');
	});
});

test('refuseConsent: a refresh for Resource Manager is AADSTS65001 consent_required; Graph goes on working', async t => {
	await withEmulator({}, async emulator => {
		emulator.faults.refuseConsent();
		const signIn = await signInWithDeviceCode(emulator);
		const arm = await refresh(emulator, signIn['refresh_token'] as string, {scope: 'https://management.azure.com/.default'});
		t.is(arm.status, 400);
		t.is(arm.body['error'], 'invalid_grant');
		t.is(arm.body['suberror'], 'consent_required');
		t.is(arm.body['error_codes']?.[0], 65_001);
		const classic = await refresh(emulator, signIn['refresh_token'] as string, {scope: 'https://management.core.windows.net//.default'});
		t.is(classic.body['error_codes']?.[0], 65_001, 'every identifier of the API');
		const graph = await refresh(emulator, signIn['refresh_token'] as string, {scope: 'User.Read'});
		t.is(graph.status, 200);
	});
});
