import test from 'ava';
import {CONTOSO_TENANT_ID, startEmulator, type Emulator} from '../../source/emulator/index.js';
import {aadstsCode, getJson} from './fixtures.js';

let emulator: Emulator;
test.before(async () => {
	emulator = await startEmulator();
});
test.after.always(async () => emulator.close());

for (const alias of ['common', 'organizations', 'consumers']) {
	test(`${alias} publishes the template issuer and endpoints under ${alias}`, async t => {
		const {status, body} = await getJson(`${emulator.url}/${alias}/v2.0/.well-known/openid-configuration`);
		t.is(status, 200);
		t.is(body['issuer'], `${emulator.url}/{tenantid}/v2.0`);
		t.is(body['token_endpoint'], `${emulator.url}/${alias}/oauth2/v2.0/token`);
		t.is(body['device_authorization_endpoint'], `${emulator.url}/${alias}/oauth2/v2.0/devicecode`);
		t.is(body['authorization_endpoint'], `${emulator.url}/${alias}/oauth2/v2.0/authorize`);
		t.is(body['jwks_uri'], `${emulator.url}/${alias}/discovery/v2.0/keys`);
		t.deepEqual(body['id_token_signing_alg_values_supported'], ['RS256']);
		t.true((body['grant_types_supported'] as string[]).includes('urn:ietf:params:oauth:grant-type:device_code'));
	});
}

test('a tenant addressed by domain publishes its concrete issuer and id-based endpoints', async t => {
	const {body} = await getJson(`${emulator.url}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
	t.is(body['issuer'], `${emulator.url}/${CONTOSO_TENANT_ID}/v2.0`);
	t.is(body['token_endpoint'], `${emulator.url}/${CONTOSO_TENANT_ID}/oauth2/v2.0/token`);
});

test('a tenant addressed by id publishes its concrete issuer', async t => {
	const {body} = await getJson(`${emulator.url}/${CONTOSO_TENANT_ID}/v2.0/.well-known/openid-configuration`);
	t.is(body['issuer'], `${emulator.url}/${CONTOSO_TENANT_ID}/v2.0`);
});

test('an unknown tenant is AADSTS90002 with the full error shape', async t => {
	const {status, body} = await getJson(`${emulator.url}/nowhere.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
	t.is(status, 400);
	t.is(body['error'], 'invalid_tenant');
	t.regex(body['error_description'] as string, /^AADSTS90002: Tenant 'nowhere.onmicrosoft.com' not found/);
	t.deepEqual(body['error_codes'], [90_002]);
	t.regex(body['timestamp'] as string, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
	t.regex(body['trace_id'] as string, /^[\da-f-]{36}$/);
	t.regex(body['correlation_id'] as string, /^[\da-f-]{36}$/);
	t.is(body['error_uri'], `${emulator.url}/error?code=90002`);
	t.is(aadstsCode(body), 90_002);
});

test('the JWKS carries the signing key with kid, x5t, x5c and the issuer', async t => {
	const {body} = await getJson(`${emulator.url}/common/discovery/v2.0/keys`);
	const [key] = body['keys'] as Array<Record<string, unknown>>;
	t.is(key?.['kty'], 'RSA');
	t.is(key?.['use'], 'sig');
	t.is(key?.['kid'], key?.['x5t']);
	t.is((key?.['x5c'] as string[]).length, 1);
	t.is(key?.['issuer'], `${emulator.url}/{tenantid}/v2.0`);
});

test('the token endpoint only accepts POST', async t => {
	const {status, body} = await getJson(`${emulator.url}/common/oauth2/v2.0/token`);
	t.is(status, 400);
	t.is(aadstsCode(body), 900_561);
});

test('a path that is not an endpoint is a 404, even with broken escapes', async t => {
	t.is((await fetch(`${emulator.url}/%E0%A4%A/v2.0/.well-known/openid-configuration`)).status, 404);
	t.is((await fetch(`${emulator.url}/common`)).status, 404);
});
