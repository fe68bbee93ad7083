/** Entra answers `client_info=1` with base64url JSON of the user's home object id and tenant; without it, nothing. */
import test from 'ava';
import {ALICE, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, GRAPH_CLI_CLIENT_ID} from '../../source/emulator/index.js';
import {postForm, signInWithDeviceCode, withEmulator} from './fixtures.js';

const decode = (value: string) => JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<string, unknown>;

test('client_info only when asked; at a tenant where the user is a guest it still names the home object and tenant', async t => {
	await withEmulator({}, async emulator => {
		const first = await signInWithDeviceCode(emulator);
		t.false('client_info' in first, 'not asked, not sent');
		const guest = await postForm(`${emulator.url}/${FABRIKAM_TENANT_ID}/oauth2/v2.0/token`, {
			grant_type: 'refresh_token', client_id: GRAPH_CLI_CLIENT_ID, refresh_token: first['refresh_token'] as string, scope: 'openid User.Read', client_info: '1',
		});
		t.is(guest.status, 200, JSON.stringify(guest.body));
		const clientInfo = guest.body['client_info'] as string;
		t.regex(clientInfo, /^[\w-]+$/, 'base64url without padding');
		t.deepEqual(decode(clientInfo), {uid: ALICE.oid, utid: CONTOSO_TENANT_ID});
	});
});
