/**
 * The emulator answers in the shapes Entra really sends: each test holds an emulator answer
 * against an answer recorded from the live service (test/fixtures/entra/, sources named there).
 */
import test from 'ava';
import {approveDeviceCode} from '../helpers/emulator-approve.js';
import {entraFixtureNames, readEntraFixture} from '../helpers/entra-fixtures.js';
import {ALICE, AZURE_CLI_CLIENT_ID, BOB, FABRIKAM_TENANT_ID, entraUserTokenLifetime} from '../../source/emulator/index.js';
import {aadstsCode, decodeClaims, pollDeviceCode, postForm, refresh, requestDeviceCode, signInWithDeviceCode, withEmulator} from './fixtures.js';

test('every recorded answer names its source and says what it is', async t => {
	const names = await entraFixtureNames();
	t.true(names.length >= 10, names.join(', '));
	for (const name of names) {
		const {source} = await readEntraFixture(name);
		t.true(Boolean(source.url ?? source.repository), `${name} names where it came from`);
		t.true(source.what.length > 40, `${name} says what it is`);
	}
});

test('error_description lines are joined with CRLF and end in the Trace ID, Correlation ID and Timestamp lines, as recorded', async t => {
	const recorded = (await readEntraFixture('authorization-pending.json')).body!;
	await withEmulator({}, async emulator => {
		const start = await requestDeviceCode(emulator);
		const {body} = await pollDeviceCode(emulator, start);
		t.deepEqual(Object.keys(body).sort(), Object.keys(recorded).sort());
		const lines = String(body['error_description']).split('\r\n');
		const recordedLines = String(recorded['error_description']).split('\r\n');
		t.is(lines.length, recordedLines.length);
		t.is(lines[0], 'AADSTS70016: OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
		for (const [index, label] of ['Trace ID', 'Correlation ID', 'Timestamp'].entries()) {
			t.true(lines[index + 1]!.startsWith(`${label}: `), lines[index + 1]);
			t.true(recordedLines[index + 1]!.startsWith(`${label}: `));
		}

		t.is(lines[1], `Trace ID: ${String(body['trace_id'])}`);
		t.is(lines[3], `Timestamp: ${String(body['timestamp'])}`);
		t.regex(String(body['timestamp']), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
		t.false(/(?<!\r)\n/.test(String(body['error_description'])), 'no bare LF');
	});
});

test('a user token lives 60 to 90 minutes as at Entra: both ends of the draw, and the default in between', async t => {
	t.is(entraUserTokenLifetime(0), 3600);
	t.is(entraUserTokenLifetime(0.999_999_9), 5400);
	t.is(entraUserTokenLifetime(0.5), 4500);
	for (const [draw, lifetime] of [[0, 3600], [0.999_999_9, 5400]] as const) {
		await withEmulator({random: () => draw}, async emulator => {
			const body = await signInWithDeviceCode(emulator);
			t.is(body['expires_in'], lifetime);
			t.is(body['ext_expires_in'], lifetime);
			const access = decodeClaims(body['access_token'] as string);
			t.is(access['exp'] - access['iat'], lifetime);
		});
	}

	await withEmulator({}, async emulator => {
		const lifetimes = new Set<number>();
		for (let index = 0; index < 3; index++) {
			const body = await signInWithDeviceCode(emulator);
			const lifetime = body['expires_in'] as number;
			t.true(lifetime >= 3600 && lifetime <= 5400, String(lifetime));
			lifetimes.add(lifetime);
		}

		t.false(lifetimes.size === 1 && lifetimes.has(3600), 'not always exactly an hour');
	});
});

test('a client of the family of client ids (Azure CLI) gets "foci": "1", as in the recorded answer; others do not', async t => {
	const recorded = (await readEntraFixture('token-foci.json')).body!;
	await withEmulator({}, async emulator => {
		const start = await requestDeviceCode(emulator, {clientId: AZURE_CLI_CLIENT_ID});
		await approveDeviceCode({verificationUri: start.verification_uri, userCode: start.user_code, username: ALICE.username});
		const {status, body} = await pollDeviceCode(emulator, start, {clientId: AZURE_CLI_CLIENT_ID});
		t.is(status, 200);
		t.is(body['foci'], recorded['foci']);
		t.deepEqual(Object.keys(body).sort(), Object.keys(recorded).sort());

		const graphCli = await signInWithDeviceCode(emulator);
		t.false('foci' in graphCli);
	});
});

test("a Graph token's scope is Entra's: permissions, then profile openid email, never offline_access", async t => {
	const recorded = await readEntraFixture('token-graph.json');
	await withEmulator({}, async emulator => {
		const body = await signInWithDeviceCode(emulator, {scope: `${String(recorded['requestedScope'])} offline_access`});
		t.is(body['scope'], recorded.body!['scope']);
		t.truthy(body['refresh_token'], 'offline_access still brings the refresh token');
		const arm = await refresh(emulator, body['refresh_token'] as string, {scope: 'https://management.core.windows.net//.default openid profile offline_access'});
		t.is(arm.body['scope'], 'https://management.core.windows.net//user_impersonation https://management.core.windows.net//.default');
	});
});

test('the guest switch: a tenant refuses its guests with AADSTS50020 shaped as recorded, members and the home tenant still work', async t => {
	const recorded = (await readEntraFixture('guest-refused-50020.json')).body!;
	await withEmulator({}, async emulator => {
		const alice = (await signInWithDeviceCode(emulator, {username: ALICE.username}))['refresh_token'] as string;
		t.is((await refresh(emulator, alice, {tenant: FABRIKAM_TENANT_ID})).status, 200, 'a guest of Fabrikam before the switch');

		emulator.faults.refuseGuests(FABRIKAM_TENANT_ID);
		const refused = await refresh(emulator, alice, {tenant: FABRIKAM_TENANT_ID});
		t.is(refused.status, 400);
		t.is(refused.body['error'], recorded['error']);
		t.is(aadstsCode(refused.body), 50_020);
		const [line] = String(refused.body['error_description']).split('\r\n');
		const [recordedLine] = String(recorded['error_description']).split('\r\n');
		const shape = (text: string) => text.replaceAll(/'[^']*'/g, "'…'").replace(/\([^)]*\)/, '(…)');
		t.is(shape(line!), shape(recordedLine!));

		t.is((await refresh(emulator, alice, {tenant: 'organizations'})).status, 200, 'home tenant');
		const approval = await requestDeviceCode(emulator, {tenant: FABRIKAM_TENANT_ID});
		const error = await t.throwsAsync(approveDeviceCode({verificationUri: approval.verification_uri, userCode: approval.user_code, username: ALICE.username}));
		t.regex(error.message, /AADSTS50020|does not exist in tenant/);

		emulator.faults.clear();
		t.is((await refresh(emulator, alice, {tenant: FABRIKAM_TENANT_ID})).status, 200, 'clear() lets guests in again');
		t.is((await postForm(`${emulator.url}/__emulator/refuse-guests`, {})).status, 200);
		t.is((await refresh(emulator, alice, {tenant: FABRIKAM_TENANT_ID})).status, 400, 'over the control API, every tenant');
		const bob = (await signInWithDeviceCode(emulator, {username: BOB.username}))['refresh_token'] as string;
		t.is((await refresh(emulator, bob)).status, 200, 'members are not guests');
	});
});
