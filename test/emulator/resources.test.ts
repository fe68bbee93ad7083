import test from 'ava';
import {ALICE, BOB, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, SECRET_CLIENT_ID, SECRET_CLIENT_SECRET} from '../../source/emulator/index.js';
import {getJson, manualClock, postForm, refresh, signInWithDeviceCode, withEmulator} from './fixtures.js';

const bearer = (token: string) => ({authorization: `Bearer ${token}`});

test('/v1.0/me answers the signed-in user for a Graph token', async t => {
	await withEmulator({}, async emulator => {
		const {access_token: token} = await signInWithDeviceCode(emulator, {username: ALICE.username});
		const {status, body} = await getJson(`${emulator.url}/v1.0/me`, bearer(token as string));
		t.is(status, 200);
		t.is(body['id'], ALICE.oid);
		t.is(body['userPrincipalName'], ALICE.username);
		t.is(body['displayName'], 'Alice Example');
		t.is(emulator.stats.count('me'), 1);
	});
});

test('/v1.0/me refuses no token, a token for another audience and an expired token', async t => {
	const clock = manualClock();
	await withEmulator({clock, accessTokenLifetimeSeconds: 3600}, async emulator => {
		const missing = await getJson(`${emulator.url}/v1.0/me`);
		t.is(missing.status, 401);
		t.is(missing.body['error']['code'], 'InvalidAuthenticationToken');
		t.regex(missing.headers.get('www-authenticate') ?? '', /^Bearer realm="", authorization_uri=".+\/common\/oauth2\/authorize", client_id="00000003-0000-0000-c000-000000000000"$/);

		const signIn = await signInWithDeviceCode(emulator);
		const arm = await refresh(emulator, signIn['refresh_token'] as string, {scope: 'https://management.azure.com/.default'});
		const wrongAudience = await getJson(`${emulator.url}/v1.0/me`, bearer(arm.body['access_token'] as string));
		t.is(wrongAudience.status, 401);
		t.regex(wrongAudience.body['error']['message'] as string, /Invalid audience/);

		clock.advance(3600 * 1000);
		const expired = await getJson(`${emulator.url}/v1.0/me`, bearer(signIn['access_token'] as string));
		t.is(expired.status, 401);
		t.regex(expired.body['error']['message'] as string, /expired/);
	});
});

test('requireClaims makes /me answer a claims challenge until a token satisfies it', async t => {
	await withEmulator({}, async emulator => {
		emulator.faults.requireClaims();
		const plain = await signInWithDeviceCode(emulator);
		const challenged = await getJson(`${emulator.url}/v1.0/me`, bearer(plain['access_token'] as string));
		t.is(challenged.status, 401);
		const header = challenged.headers.get('www-authenticate') ?? '';
		t.true(header.startsWith(`Bearer realm="", authorization_uri="${emulator.url}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="`));
		const claims = Buffer.from(/claims="([^"]+)"/.exec(header)![1]!, 'base64').toString('utf8');
		t.is(claims, '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}');

		const steppedUp = await signInWithDeviceCode(emulator, {claims});
		t.is((await getJson(`${emulator.url}/v1.0/me`, bearer(steppedUp['access_token'] as string))).status, 200);
		const refreshed = await refresh(emulator, steppedUp['refresh_token'] as string);
		t.is((await getJson(`${emulator.url}/v1.0/me`, bearer(refreshed.body['access_token'] as string))).status, 200);

		emulator.faults.clear();
		t.is((await getJson(`${emulator.url}/v1.0/me`, bearer(plain['access_token'] as string))).status, 200);
	});
});

test('/tenants lists the tenants of the user of an ARM token', async t => {
	await withEmulator({}, async emulator => {
		const alice = await signInWithDeviceCode(emulator, {username: ALICE.username, scope: 'https://management.azure.com/.default offline_access'});
		const {status, body} = await getJson(`${emulator.url}/tenants?api-version=2022-12-01`, bearer(alice['access_token'] as string));
		t.is(status, 200);
		t.deepEqual(
			(body['value'] as Array<Record<string, unknown>>).map(tenant => [tenant['tenantId'], tenant['displayName'], tenant['defaultDomain'], tenant['tenantCategory']]),
			[
				[CONTOSO_TENANT_ID, 'Contoso', 'contoso.onmicrosoft.com', 'Home'],
				[FABRIKAM_TENANT_ID, 'Fabrikam', 'fabrikam.onmicrosoft.com', 'Home'],
			],
		);

		const bob = await signInWithDeviceCode(emulator, {username: BOB.username, scope: 'https://management.azure.com/user_impersonation'});
		const bobs = await getJson(`${emulator.url}/tenants?api-version=2022-12-01`, bearer(bob['access_token'] as string));
		t.is((bobs.body['value'] as unknown[]).length, 1);
	});
});

test('/tenants wants an ARM token and an api-version', async t => {
	await withEmulator({}, async emulator => {
		const graph = await signInWithDeviceCode(emulator);
		t.is((await getJson(`${emulator.url}/tenants?api-version=2022-12-01`, bearer(graph['access_token'] as string))).status, 401);
		const missingVersion = await getJson(`${emulator.url}/tenants`, bearer(graph['access_token'] as string));
		t.is(missingVersion.status, 400);
		t.is(missingVersion.body['error']['code'], 'MissingApiVersionParameter');
	});
});

test('an app-only token cannot call /me', async t => {
	await withEmulator({}, async emulator => {
		const app = await postForm(`${emulator.url}/${CONTOSO_TENANT_ID}/oauth2/v2.0/token`, {
			grant_type: 'client_credentials',
			client_id: SECRET_CLIENT_ID,
			client_secret: SECRET_CLIENT_SECRET,
			scope: 'https://graph.microsoft.com/.default',
		});
		const {status, body} = await getJson(`${emulator.url}/v1.0/me`, bearer(app.body['access_token'] as string));
		t.is(status, 400);
		t.is(body['error']['code'], 'BadRequest');
	});
});
