/**
 * Authorities whose issuer is not `{sign-in host}/{tenant id}/v2.0`, shaped as the real ones:
 * the China cloud (issuer on login.partner.microsoftonline.cn, endpoints on the sign-in host), a
 * B2C user flow (`/{tenant}/{B2C_1_flow}/...`, issuer `{host}/{tenant id}/v2.0/`, no device code)
 * and an external tenant (issuer `https://{tenant id}.ciamlogin.com/{tenant id}/v2.0`).
 */
import {createHash} from 'node:crypto';
import test from 'ava';
import {
	B2C_CLIENT_ID, CAROL, CHINA_ISSUER_ORIGIN, CIAM_CLIENT_ID, CONTOSO_CIAM_TENANT_ID, CONTOSO_TENANT_ID, DANA, FABRIKAM_B2C_TENANT_ID, startEmulator, type Emulator,
} from '../../source/emulator/index.js';
import {approveAuthorization, approveDeviceCode} from '../helpers/emulator-approve.js';
import {decodeClaims, getJson, postForm, refresh, signInWithDeviceCode, verifiesAgainstJwks, withEmulator} from './fixtures.js';

test('China-shaped cloud: discovery names the partner host as issuer and keeps every endpoint on the sign-in host', async t => {
	await withEmulator({cloud: 'china'}, async emulator => {
		const multi = await getJson(`${emulator.url}/organizations/v2.0/.well-known/openid-configuration`);
		t.is(multi.body['issuer'], `${CHINA_ISSUER_ORIGIN}/{tenantid}/v2.0`);
		t.is(multi.body['token_endpoint'], `${emulator.url}/organizations/oauth2/v2.0/token`);
		const tenant = await getJson(`${emulator.url}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
		t.is(tenant.body['issuer'], `${CHINA_ISSUER_ORIGIN}/${CONTOSO_TENANT_ID}/v2.0`);
		t.is(tenant.body['jwks_uri'], `${emulator.url}/${CONTOSO_TENANT_ID}/discovery/v2.0/keys`);
		const jwks = await getJson(`${emulator.url}/common/discovery/v2.0/keys`);
		t.is((jwks.body['keys'] as Array<Record<string, unknown>>)[0]?.['issuer'], `${CHINA_ISSUER_ORIGIN}/{tenantid}/v2.0`);
	});
});

test('China-shaped cloud: ID and access tokens, first and refreshed, name the partner host; the China Graph identifier is known', async t => {
	await withEmulator({cloud: 'china'}, async emulator => {
		const first = await signInWithDeviceCode(emulator);
		const expected = `${CHINA_ISSUER_ORIGIN}/${CONTOSO_TENANT_ID}/v2.0`;
		t.is(decodeClaims(first['id_token'] as string)['iss'], expected);
		t.is(decodeClaims(first['access_token'] as string)['iss'], expected);
		t.true(await verifiesAgainstJwks(`${emulator.url}/${CONTOSO_TENANT_ID}/discovery/v2.0/keys`, first['id_token'] as string));
		const renewed = await refresh(emulator, first['refresh_token'] as string, {tenant: CONTOSO_TENANT_ID, scope: 'openid https://microsoftgraph.chinacloudapi.cn/User.Read'});
		t.is(renewed.status, 200, JSON.stringify(renewed.body));
		t.is(decodeClaims(renewed.body['id_token'] as string)['iss'], expected);
		const access = renewed.body['access_token'] as string;
		t.is(decodeClaims(access)['aud'], 'https://microsoftgraph.chinacloudapi.cn');
		const me = await fetch(`${emulator.url}/v1.0/me`, {headers: {authorization: `Bearer ${access}`}});
		t.is(me.status, 200);
	});
});

test('the global-shaped emulator issues on its own host, as before', async t => {
	await withEmulator({}, async emulator => {
		const first = await signInWithDeviceCode(emulator);
		t.is(decodeClaims(first['id_token'] as string)['iss'], `${emulator.url}/${CONTOSO_TENANT_ID}/v2.0`);
	});
});

let emulator: Emulator;
test.before(async () => {
	emulator = await startEmulator({interval: 1});
});
test.after.always(async () => emulator?.close());

const b2cAuthority = () => `${emulator.url}/fabrikamb2c.onmicrosoft.com/B2C_1_susi`;

test('B2C user flow: discovery under the flow\'s path names the tenant id as issuer (slash included) and offers no device code', async t => {
	const {status, body} = await getJson(`${b2cAuthority()}/v2.0/.well-known/openid-configuration`);
	t.is(status, 200);
	t.is(body['issuer'], `${emulator.url}/${FABRIKAM_B2C_TENANT_ID}/v2.0/`);
	t.is(body['authorization_endpoint'], `${emulator.url}/fabrikamb2c.onmicrosoft.com/b2c_1_susi/oauth2/v2.0/authorize`);
	t.is(body['token_endpoint'], `${emulator.url}/fabrikamb2c.onmicrosoft.com/b2c_1_susi/oauth2/v2.0/token`);
	t.false('device_authorization_endpoint' in body);
	const deviceCode = await fetch(`${b2cAuthority()}/oauth2/v2.0/devicecode`, {method: 'POST', body: new URLSearchParams({client_id: B2C_CLIENT_ID, scope: 'openid'})});
	t.is(deviceCode.status, 404);
});

test('B2C: the tenant is served through a user flow only, and a user flow only in a B2C tenant', async t => {
	const noFlow = await getJson(`${emulator.url}/fabrikamb2c.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
	t.is(noFlow.status, 400);
	const flowOfWorkforce = await getJson(`${emulator.url}/contoso.onmicrosoft.com/B2C_1_susi/v2.0/.well-known/openid-configuration`);
	t.is(flowOfWorkforce.status, 400);
});

test('B2C: a customer signs in through the flow\'s authorize page; tokens carry the B2C issuer; the app\'s own id gets an access token for the app', async t => {
	const redirectUri = 'http://localhost:8400';
	const verifier = 'dBjftJeZ4CVP-mJ92K9ZIOZE-vbH68Hm5bk1uLoTzvU';
	const authorize = new URL(`${b2cAuthority()}/oauth2/v2.0/authorize`);
	authorize.search = new URLSearchParams({
		client_id: B2C_CLIENT_ID, response_type: 'code', redirect_uri: redirectUri, scope: `openid offline_access ${B2C_CLIENT_ID}`,
		state: 'state-1', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
	}).toString();
	const back = await approveAuthorization({authorizeUrl: authorize.href, username: CAROL.username});
	const code = back.searchParams.get('code');
	t.truthy(code, back.href);
	const tokens = await postForm(`${b2cAuthority()}/oauth2/v2.0/token`, {
		grant_type: 'authorization_code', client_id: B2C_CLIENT_ID, code: code!, redirect_uri: redirectUri,
		code_verifier: verifier, scope: `openid offline_access ${B2C_CLIENT_ID}`,
	});
	t.is(tokens.status, 200, JSON.stringify(tokens.body));
	t.is(decodeClaims(tokens.body['id_token'] as string)['iss'], `${emulator.url}/${FABRIKAM_B2C_TENANT_ID}/v2.0/`);
	t.is(decodeClaims(tokens.body['access_token'] as string)['aud'], B2C_CLIENT_ID);
	t.is(decodeClaims(tokens.body['id_token'] as string)['oid'], CAROL.oid);
});

test('External ID: discovery and tokens name https://{tenant id}.ciamlogin.com/{tenant id}/v2.0; device code works', async t => {
	const {body} = await getJson(`${emulator.url}/contosocustomers.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
	const issuer = `https://${CONTOSO_CIAM_TENANT_ID}.ciamlogin.com/${CONTOSO_CIAM_TENANT_ID}/v2.0`;
	t.is(body['issuer'], issuer);
	t.is(body['device_authorization_endpoint'], `${emulator.url}/${CONTOSO_CIAM_TENANT_ID}/oauth2/v2.0/devicecode`);
	const start = await postForm(`${emulator.url}/contosocustomers.onmicrosoft.com/oauth2/v2.0/devicecode`, {client_id: CIAM_CLIENT_ID, scope: 'openid profile offline_access'});
	t.is(start.status, 200, JSON.stringify(start.body));
	await approveDeviceCode({verificationUri: start.body['verification_uri'] as string, userCode: start.body['user_code'] as string, username: DANA.username});
	const tokens = await postForm(`${emulator.url}/contosocustomers.onmicrosoft.com/oauth2/v2.0/token`, {
		grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: CIAM_CLIENT_ID, device_code: start.body['device_code'] as string,
	});
	t.is(tokens.status, 200, JSON.stringify(tokens.body));
	t.is(decodeClaims(tokens.body['id_token'] as string)['iss'], issuer);
});

test('customers of B2C and External ID tenants are not offered (nor accepted) at organizations', async t => {
	const start = await postForm(`${emulator.url}/organizations/oauth2/v2.0/devicecode`, {client_id: CIAM_CLIENT_ID, scope: 'openid'});
	const page = await (await fetch(start.body['verification_uri'] as string)).text();
	t.notRegex(page, /carol@example\.com|dana@example\.org/);
	const password = await postForm(`${emulator.url}/organizations/oauth2/v2.0/token`, {
		grant_type: 'password', client_id: CIAM_CLIENT_ID, username: DANA.username, password: DANA.password, scope: 'openid',
	});
	t.is(password.status, 400);
});
