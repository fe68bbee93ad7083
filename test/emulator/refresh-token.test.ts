import test from 'ava';
import {ALICE, BOB, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID} from '../../source/emulator/index.js';
import {aadstsCode, decodeClaims, manualClock, refresh, signInWithDeviceCode, withEmulator} from './fixtures.js';

test('every refresh returns a new refresh token; as at Entra, the redeemed one goes on working', async t => {
	await withEmulator({}, async emulator => {
		const first = (await signInWithDeviceCode(emulator))['refresh_token'] as string;
		const rotated = await refresh(emulator, first, {scope: 'openid offline_access User.Read'});
		t.is(rotated.status, 200);
		const second = rotated.body['refresh_token'] as string;
		t.not(second, first);

		const reused = await refresh(emulator, first);
		t.is(reused.status, 200, JSON.stringify(reused.body));
		t.is((await refresh(emulator, second)).status, 200);
	});
});

test('with reuse detection on (Auth0-like), the redeemed refresh token stops working', async t => {
	await withEmulator({refreshTokenReuseDetection: true}, async emulator => {
		const first = (await signInWithDeviceCode(emulator))['refresh_token'] as string;
		const rotated = await refresh(emulator, first, {scope: 'openid offline_access User.Read'});
		t.is(rotated.status, 200);
		const second = rotated.body['refresh_token'] as string;
		t.truthy(second);
		t.not(second, first);
		t.truthy(rotated.body['id_token']);

		const reused = await refresh(emulator, first);
		t.is(reused.status, 400);
		t.is(reused.body['error'], 'invalid_grant');
		t.is(aadstsCode(reused.body), 70_008);

		t.is((await refresh(emulator, second)).status, 200);
		t.is(emulator.stats.count('token', 'refresh_token'), 3);
	});
});

test('a refresh without scope asks again for the sign-in scopes', async t => {
	await withEmulator({}, async emulator => {
		const token = (await signInWithDeviceCode(emulator, {scope: 'openid offline_access Mail.Read'}))['refresh_token'] as string;
		const {body} = await refresh(emulator, token);
		t.is(body['scope'], 'Mail.Read profile openid email');
	});
});

test("a refresh at another tenant's authority gives a token for that tenant", async t => {
	await withEmulator({}, async emulator => {
		const token = (await signInWithDeviceCode(emulator, {username: ALICE.username}))['refresh_token'] as string;
		const {status, body} = await refresh(emulator, token, {tenant: FABRIKAM_TENANT_ID, scope: 'openid offline_access User.Read'});
		t.is(status, 200);
		t.is(decodeClaims(body['access_token'] as string)['tid'], FABRIKAM_TENANT_ID);
		t.is(decodeClaims(body['id_token'] as string)['iss'], `${emulator.url}/${FABRIKAM_TENANT_ID}/v2.0`);
		t.is(decodeClaims(body['access_token'] as string)['oid'], ALICE.fabrikamOid);

		const home = await refresh(emulator, body['refresh_token'] as string, {tenant: 'organizations'});
		t.is(decodeClaims(home.body['access_token'] as string)['tid'], CONTOSO_TENANT_ID);
	});
});

test("a refresh at a tenant the user is not a member of is AADSTS50020", async t => {
	await withEmulator({}, async emulator => {
		const token = (await signInWithDeviceCode(emulator, {username: BOB.username}))['refresh_token'] as string;
		const {status, body} = await refresh(emulator, token, {tenant: 'fabrikam.onmicrosoft.com'});
		t.is(status, 400);
		t.is(body['error'], 'invalid_grant');
		t.is(aadstsCode(body), 50_020);
		t.regex(body['error_description'] as string, /bob@contoso\.onmicrosoft\.com.*does not exist in tenant 'Fabrikam'/);
	});
});

test("a refresh may ask for another resource's scopes", async t => {
	await withEmulator({}, async emulator => {
		const token = (await signInWithDeviceCode(emulator))['refresh_token'] as string;
		const {body} = await refresh(emulator, token, {scope: 'https://management.azure.com/.default offline_access'});
		const access = decodeClaims(body['access_token'] as string);
		t.is(access['aud'], 'https://management.azure.com');
		t.is(access['scp'], 'user_impersonation');
		// A Resource Manager token lists only its own scopes: the OIDC ones are Microsoft Graph's.
		t.is(body['scope'], 'https://management.azure.com/user_impersonation https://management.azure.com/.default');
		t.is(body['id_token'], undefined);

		const api = await refresh(emulator, body['refresh_token'] as string, {scope: 'api://msid-demo/things.read'});
		t.is(decodeClaims(api.body['access_token'] as string)['aud'], 'api://msid-demo');
		t.is(api.body['scope'], 'api://msid-demo/things.read');
	});
});

test('revoked refresh tokens are AADSTS50173, for that user only', async t => {
	await withEmulator({}, async emulator => {
		const alice = (await signInWithDeviceCode(emulator, {username: ALICE.username}))['refresh_token'] as string;
		const bob = (await signInWithDeviceCode(emulator, {username: BOB.username}))['refresh_token'] as string;
		t.is(emulator.faults.revokeRefreshTokens(ALICE.username), 1);
		const {body} = await refresh(emulator, alice);
		t.is(body['error'], 'invalid_grant');
		t.is(aadstsCode(body), 50_173);
		t.is((await refresh(emulator, bob)).status, 200);
	});
});

test('a refresh token unused for 90 days is AADSTS700082', async t => {
	const clock = manualClock();
	await withEmulator({clock}, async emulator => {
		const token = (await signInWithDeviceCode(emulator))['refresh_token'] as string;
		clock.advance(90 * 24 * 60 * 60 * 1000);
		const {body} = await refresh(emulator, token);
		t.is(body['error'], 'invalid_grant');
		t.is(aadstsCode(body), 700_082);
	});
});

test('token times follow the emulator clock', async t => {
	const clock = manualClock();
	await withEmulator({clock, accessTokenLifetimeSeconds: 600}, async emulator => {
		const body = await signInWithDeviceCode(emulator);
		const access = decodeClaims(body['access_token'] as string);
		t.is(access['iat'], clock.now() / 1000);
		t.is(access['exp'], clock.now() / 1000 + 600);
		t.is(body['expires_in'], 600);
	});
});

test('a refresh asking for an authentication context the sign-in did not satisfy needs interaction', async t => {
	await withEmulator({}, async emulator => {
		const token = (await signInWithDeviceCode(emulator))['refresh_token'] as string;
		const claims = JSON.stringify({access_token: {acrs: {essential: true, value: 'c1'}}});
		const {body} = await refresh(emulator, token, {claims});
		t.is(body['error'], 'interaction_required');
		t.is(aadstsCode(body), 50_076);
		t.is(body['claims'], claims);
	});
});

test('an unknown refresh token is invalid_grant', async t => {
	await withEmulator({}, async emulator => {
		const {body} = await refresh(emulator, 'not-a-refresh-token');
		t.is(body['error'], 'invalid_grant');
	});
});
