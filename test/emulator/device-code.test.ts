import test from 'ava';
import {approveDeviceCode, browse, pageText} from '../helpers/emulator-approve.js';
import {ALICE, BOB, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, GRAPH_CLI_CLIENT_ID, NO_PUBLIC_FLOWS_CLIENT_ID} from '../../source/emulator/index.js';
import {readEntraFixture} from '../helpers/entra-fixtures.js';
import {aadstsCode, decodeClaims, manualClock, pollDeviceCode, postForm, requestDeviceCode, signInWithDeviceCode, verifiesAgainstJwks, withEmulator} from './fixtures.js';

test('devicecode answers like Entra: 9-character code, verification URI, interval, message, and no verification_uri_complete', async t => {
	await withEmulator({}, async emulator => {
		const start = await requestDeviceCode(emulator);
		const body = start as unknown as Record<string, unknown>;
		t.regex(start.user_code, /^[A-Z\d]{9}$/);
		t.is(start.verification_uri, `${emulator.url}/devicelogin`);
		// The members of Entra's recorded answer, and only those.
		const recorded = (await readEntraFixture('device-code.json'))['body'] as Record<string, unknown>;
		t.deepEqual(Object.keys(body).sort(), Object.keys(recorded).sort());
		t.false('verification_uri_complete' in body);
		t.is(body['expires_in'], 900);
		t.is(start.interval, 1);
		t.is(body['message'], `To sign in, use a web browser to open the page ${emulator.url}/devicelogin and enter the code ${start.user_code} to authenticate.`);
	});
});

test('polling is authorization_pending until the user approves on the page, then tokens arrive', async t => {
	// The lowest lifetime Entra draws: both ends of the range are tested in entra-shapes.test.ts.
	await withEmulator({random: () => 0}, async emulator => {
		const start = await requestDeviceCode(emulator, {scope: 'openid profile offline_access User.Read'});
		const pending = await pollDeviceCode(emulator, start);
		t.is(pending.status, 400);
		t.is(pending.body['error'], 'authorization_pending');
		t.is(aadstsCode(pending.body), 70_016);

		await approveDeviceCode({verificationUri: start.verification_uri, userCode: start.user_code, username: ALICE.username});
		const {status, body} = await pollDeviceCode(emulator, start);
		t.is(status, 200);
		t.is(body['token_type'], 'Bearer');
		t.is(body['expires_in'], 3600);
		t.is(body['ext_expires_in'], 3600);
		// Entra's scope: Graph's permissions, then the OIDC scopes with email added, offline_access left out.
		t.is(body['scope'], 'User.Read profile openid email');
		t.false('foci' in body, 'the Graph CLI client is not in the family of client ids');
		t.truthy(body['refresh_token']);

		const access = decodeClaims(body['access_token'] as string);
		t.is(access['aud'], 'https://graph.microsoft.com');
		t.is(access['iss'], `${emulator.url}/${CONTOSO_TENANT_ID}/v2.0`);
		t.is(access['tid'], CONTOSO_TENANT_ID);
		t.is(access['oid'], ALICE.oid);
		t.is(access['upn'], ALICE.username);
		t.is(access['preferred_username'], ALICE.username);
		t.is(access['scp'], 'User.Read');
		t.is(access['azp'], GRAPH_CLI_CLIENT_ID);
		t.is(access['appid'], GRAPH_CLI_CLIENT_ID);
		t.deepEqual(access['amr'], ['pwd']);
		t.is(access['exp'] - access['iat'], 3600);

		const id = decodeClaims(body['id_token'] as string);
		t.is(id['aud'], GRAPH_CLI_CLIENT_ID);
		t.is(id['iss'], `${emulator.url}/${CONTOSO_TENANT_ID}/v2.0`);
		t.is(id['tid'], CONTOSO_TENANT_ID);
		t.is(id['name'], 'Alice Example');
		t.true(await verifiesAgainstJwks(`${emulator.url}/organizations/discovery/v2.0/keys`, body['id_token'] as string));
		t.true(await verifiesAgainstJwks(`${emulator.url}/organizations/discovery/v2.0/keys`, body['access_token'] as string));

		const again = await pollDeviceCode(emulator, start);
		t.is(again.body['error'], 'invalid_grant');
		t.is(emulator.stats.count('token', 'device_code'), 3);
	});
});

test('a tampered ID token does not verify', async t => {
	await withEmulator({}, async emulator => {
		const body = await signInWithDeviceCode(emulator);
		const [header, , signature] = (body['id_token'] as string).split('.');
		const forged = Buffer.from(JSON.stringify({...decodeClaims(body['id_token'] as string), tid: FABRIKAM_TENANT_ID})).toString('base64url');
		t.false(await verifiesAgainstJwks(`${emulator.url}/common/discovery/v2.0/keys`, `${header}.${forged}.${signature}`));
	});
});

test('without offline_access there is no refresh token, without openid no ID token', async t => {
	await withEmulator({}, async emulator => {
		const body = await signInWithDeviceCode(emulator, {scope: 'User.Read'});
		t.is(body['refresh_token'], undefined);
		t.is(body['id_token'], undefined);
		t.is(body['scope'], 'User.Read');
	});
});

test('a tenant-specific sign-in gives that tenant, and a guest gets its guest oid and no upn', async t => {
	await withEmulator({}, async emulator => {
		const body = await signInWithDeviceCode(emulator, {tenant: 'fabrikam.onmicrosoft.com', username: ALICE.username});
		const access = decodeClaims(body['access_token'] as string);
		t.is(access['tid'], FABRIKAM_TENANT_ID);
		t.is(access['oid'], ALICE.fabrikamOid);
		t.is(access['upn'], undefined);
		t.is(access['idp'], `https://sts.windows.net/${CONTOSO_TENANT_ID}/`);
		t.is(decodeClaims(body['id_token'] as string)['iss'], `${emulator.url}/${FABRIKAM_TENANT_ID}/v2.0`);
	});
});

test('the page offers only members of the tenant', async t => {
	await withEmulator({}, async emulator => {
		const start = await requestDeviceCode(emulator, {tenant: FABRIKAM_TENANT_ID});
		const error = await t.throwsAsync(approveDeviceCode({verificationUri: start.verification_uri, userCode: start.user_code, username: BOB.username}));
		t.regex(error.message, /does not offer bob@contoso\.onmicrosoft\.com/);
	});
});

test('declining on the page is authorization_declined', async t => {
	await withEmulator({}, async emulator => {
		const start = await requestDeviceCode(emulator);
		await approveDeviceCode({verificationUri: start.verification_uri, userCode: start.user_code, decision: 'decline'});
		const {status, body} = await pollDeviceCode(emulator, start);
		t.is(status, 400);
		t.is(body['error'], 'authorization_declined');
	});
});

test('the decline switch declines too', async t => {
	await withEmulator({}, async emulator => {
		const start = await requestDeviceCode(emulator);
		emulator.faults.decline(start.user_code);
		t.is((await pollDeviceCode(emulator, start)).body['error'], 'authorization_declined');
	});
});

test('the code expires on the emulator clock, and the page then says so', async t => {
	const clock = manualClock();
	await withEmulator({clock, deviceCodeLifetimeSeconds: 60}, async emulator => {
		const start = await requestDeviceCode(emulator);
		clock.advance(59_999);
		t.is((await pollDeviceCode(emulator, start)).body['error'], 'authorization_pending');
		clock.advance(1);
		const {body} = await pollDeviceCode(emulator, start);
		t.is(body['error'], 'expired_token');
		t.is(aadstsCode(body), 70_020);
		t.deepEqual(body['error_codes'], [70_020]);
		const recorded = (await readEntraFixture('expired-token.json'))['body'] as Record<string, unknown>;
		t.is(String(body['error_description']).split('\r\n')[0], String(recorded['error_description']).split('\r\n')[0]);
		const error = await t.throwsAsync(approveDeviceCode({verificationUri: start.verification_uri, userCode: start.user_code}));
		t.regex(error.message, /That code has expired/);
	});
});

test('the expire switch expires a code at once', async t => {
	await withEmulator({}, async emulator => {
		const start = await requestDeviceCode(emulator);
		emulator.faults.expire(start.user_code);
		t.is((await pollDeviceCode(emulator, start)).body['error'], 'expired_token');
	});
});

test('a slow_down fault answers one poll of a pending code', async t => {
	await withEmulator({}, async emulator => {
		const start = await requestDeviceCode(emulator);
		emulator.faults.enqueue('token', {kind: 'slow_down'});
		const slowed = await pollDeviceCode(emulator, start);
		t.is(slowed.status, 400);
		t.is(slowed.body['error'], 'slow_down');
		t.is((await pollDeviceCode(emulator, start)).body['error'], 'authorization_pending');
	});
});

test('an unknown device code is bad_verification_code', async t => {
	await withEmulator({}, async emulator => {
		const {body} = await pollDeviceCode(emulator, {device_code: 'nonsense', user_code: '', verification_uri: '', interval: 1});
		t.is(body['error'], 'bad_verification_code');
	});
});

test('an unknown client is AADSTS700016', async t => {
	await withEmulator({}, async emulator => {
		const {status, body} = await postForm(`${emulator.url}/contoso.onmicrosoft.com/oauth2/v2.0/devicecode`, {client_id: '00000000-1111-2222-3333-444444444444', scope: 'User.Read'});
		t.is(status, 400);
		t.is(body['error'], 'unauthorized_client');
		t.regex(body['error_description'] as string, /^AADSTS700016: Application with identifier '00000000-1111-2222-3333-444444444444' was not found in the directory 'Contoso'/);
	});
});

test('a client with public client flows off fails its first poll with AADSTS7000218', async t => {
	await withEmulator({}, async emulator => {
		const start = await requestDeviceCode(emulator, {clientId: NO_PUBLIC_FLOWS_CLIENT_ID});
		const {status, body} = await pollDeviceCode(emulator, start, {clientId: NO_PUBLIC_FLOWS_CLIENT_ID});
		t.is(status, 401);
		t.is(body['error'], 'invalid_client');
		t.is(aadstsCode(body), 7_000_218);
	});
});

for (const [scope, code] of [
	['User Read!', 70_011],
	['User.Read https://graph.microsoft.com/.default', 70_011],
	['api://msid-demo/things.delete', 70_011],
	['User.Read api://msid-demo/things.read', 28_000],
	['api://unknown-api/read', 500_011],
	['', 900_144],
] as const) {
	test(`scope "${scope}" is refused with AADSTS${code}`, async t => {
		await withEmulator({}, async emulator => {
			const {status, body} = await postForm(`${emulator.url}/organizations/oauth2/v2.0/devicecode`, {client_id: GRAPH_CLI_CLIENT_ID, scope});
			t.is(status, 400);
			t.is(aadstsCode(body), code);
		});
	});
}

test('scopes that need admin consent are asked for but not granted', async t => {
	await withEmulator({}, async emulator => {
		const body = await signInWithDeviceCode(emulator, {scope: 'openid offline_access User.Read Files.ReadWrite.All Directory.Read.All Mail.Read'});
		t.is(body['scope'], 'User.Read Mail.Read profile openid email');
		t.is(decodeClaims(body['access_token'] as string)['scp'], 'User.Read Mail.Read');
	});
});

test('a claims request puts xms_cc and acrs into the access token', async t => {
	await withEmulator({}, async emulator => {
		const claims = JSON.stringify({access_token: {xms_cc: {values: ['cp1']}, acrs: {essential: true, value: 'c1'}}});
		const body = await signInWithDeviceCode(emulator, {claims});
		const access = decodeClaims(body['access_token'] as string);
		t.deepEqual(access['xms_cc'], ['cp1']);
		t.deepEqual(access['acrs'], ['c1']);
	});
});

test('the verification page rejects a wrong code and a wrong password, and escapes what it echoes', async t => {
	await withEmulator({}, async emulator => {
		const start = await requestDeviceCode(emulator);
		const unknown = await t.throwsAsync(approveDeviceCode({verificationUri: start.verification_uri, userCode: 'NOTACODE1'}));
		t.regex(unknown.message, /wasn't recognized/);
		const wrongPassword = await t.throwsAsync(approveDeviceCode({verificationUri: start.verification_uri, userCode: start.user_code, password: 'wrong'}));
		t.regex(wrongPassword.message, /account or password is incorrect/);

		const page = await browse(`${emulator.url}/devicelogin?otc=${encodeURIComponent('"><script>alert(1)</script>')}`);
		t.false(page.html.includes('<script>alert(1)'));
		t.true(page.html.includes('&quot;&gt;&lt;script&gt;'));
		t.regex(pageText(page.html), /Enter code/);
	});
});

test('codes are accepted in lower case and with spaces, as people type them', async t => {
	await withEmulator({}, async emulator => {
		const start = await requestDeviceCode(emulator);
		const typed = `${start.user_code.slice(0, 4).toLowerCase()} ${start.user_code.slice(4)}`;
		await approveDeviceCode({verificationUri: start.verification_uri, userCode: typed});
		t.is((await pollDeviceCode(emulator, start)).status, 200);
	});
});
