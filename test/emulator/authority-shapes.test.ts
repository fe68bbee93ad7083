/**
 * Authorities whose issuer is not `{sign-in host}/{tenant id}/v2.0`, shaped as the real ones:
 * the China cloud (issuer on login.partner.microsoftonline.cn, endpoints on the sign-in host).
 */
import test from 'ava';
import {CHINA_ISSUER_ORIGIN, CONTOSO_TENANT_ID} from '../../source/emulator/index.js';
import {decodeClaims, getJson, refresh, signInWithDeviceCode, verifiesAgainstJwks, withEmulator} from './fixtures.js';

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
