import test from 'ava';
import {ALICE, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, GRAPH_CLI_CLIENT_ID, NO_PUBLIC_FLOWS_CLIENT_ID, startEmulator, type Emulator} from '../../source/emulator/index.js';
import {aadstsCode, decodeClaims, postForm} from './fixtures.js';

let emulator: Emulator;
test.before(async () => {
	emulator = await startEmulator();
});
test.after.always(async () => emulator.close());

const passwordGrant = (fields: Record<string, string>, tenant = 'organizations') =>
	postForm(`${emulator.url}/${tenant}/oauth2/v2.0/token`, {
		grant_type: 'password',
		client_id: GRAPH_CLI_CLIENT_ID,
		username: ALICE.username,
		password: ALICE.password,
		scope: 'openid offline_access User.Read',
		...fields,
	});

test('username and password get tokens for the home tenant, or the tenant asked for', async t => {
	const home = await passwordGrant({});
	t.is(home.status, 200);
	t.truthy(home.body['refresh_token']);
	t.is(decodeClaims(home.body['access_token'] as string)['tid'], CONTOSO_TENANT_ID);
	const guest = await passwordGrant({}, FABRIKAM_TENANT_ID);
	t.is(decodeClaims(guest.body['id_token'] as string)['tid'], FABRIKAM_TENANT_ID);
});

test('a wrong password is AADSTS50126', async t => {
	const {status, body} = await passwordGrant({password: 'wrong'});
	t.is(status, 400);
	t.is(body['error'], 'invalid_grant');
	t.is(aadstsCode(body), 50_126);
});

test('an app without public client flows cannot use the password grant', async t => {
	const {status, body} = await passwordGrant({client_id: NO_PUBLIC_FLOWS_CLIENT_ID});
	t.is(status, 401);
	t.is(aadstsCode(body), 7_000_218);
});
