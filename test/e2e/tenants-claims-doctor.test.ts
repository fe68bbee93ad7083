/**
 * An Entra user across tenants, a conditional-access claims challenge and msid doctor, all
 * through the real CLI against the emulator.
 */
import test from 'ava';
import {ALICE, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID} from '../../source/emulator/index.js';
import {emulatorPerTestFile, keychainPerTestFile, signedInAliceOn} from '../helpers/e2e.js';
import {runMsid, type MsidEnv} from '../helpers/cli.js';
import {jwtClaims} from '../helpers/jwt.js';

const keyring = keychainPerTestFile();

const emulator = emulatorPerTestFile();

async function signedInAlice(): Promise<MsidEnv> {
	return (await signedInAliceOn(keyring, emulator)).msid;
}

function requestCount(): {token: number; devicecode: number} {
	return {token: emulator().stats.count('token'), devicecode: emulator().stats.count('devicecode')};
}

// Serial: it counts the emulator's requests, which the other tests would add to.
test.serial('the account lists its tenants; a tenant switch costs one token request and no sign-in', async t => {
	const msid = await signedInAlice();
	const list = JSON.parse((await runMsid(['list', '--json'], msid.env)).stdout) as Array<{tenants: Array<{id: string; domain?: string}>; tenantId: string}>;
	t.is(list[0]?.tenantId, CONTOSO_TENANT_ID);
	t.deepEqual(list[0]?.tenants.map(tenant => tenant.id).sort(), [CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID].sort());
	t.true(list[0]?.tenants.some(tenant => tenant.domain === 'fabrikam.onmicrosoft.com'));

	const before = requestCount();
	const switched = await runMsid(['token', '--tenant', FABRIKAM_TENANT_ID, '--format', 'json'], msid.env);
	t.is(switched.code, 0, switched.stderr);
	const json = JSON.parse(switched.stdout) as {accessToken: string; tenantId: string};
	t.is(json.tenantId, FABRIKAM_TENANT_ID);
	t.is(jwtClaims(json.accessToken)['tid'], FABRIKAM_TENANT_ID);
	t.deepEqual(requestCount(), {token: before.token + 1, devicecode: before.devicecode});

	// Making Fabrikam the active tenant by its domain serves that token from the cache.
	const use = await runMsid(['use', ALICE.username, '--tenant', 'fabrikam.onmicrosoft.com'], msid.env);
	t.is(use.code, 0, use.stderr);
	const cached = await runMsid(['token'], msid.env);
	t.is(cached.stdout.trim(), json.accessToken);
	t.deepEqual(requestCount(), {token: before.token + 1, devicecode: before.devicecode});
});

test('msid doctor --json reports each check; a revoked refresh token shows as needing sign-in', async t => {
	const msid = await signedInAlice();
	const healthy = await runMsid(['doctor', '--json'], msid.env);
	const report = JSON.parse(healthy.stdout) as {checks: Array<{name: string; ok: boolean}>; accounts: Array<{state: string; tenantId?: string}>};
	t.deepEqual(report.checks.map(check => check.name).filter((name, index, all) => all.indexOf(name) === index).sort(), ['browser', 'clipboard', 'clock', 'proxy', 'secret store', 'shell hook']);
	t.true(report.checks.find(check => check.name === 'secret store')?.ok);
	t.true(report.checks.find(check => check.name === 'clock')?.ok);
	t.true(report.accounts.length >= 2, 'one entry per tenant');
	t.true(report.accounts.every(account => account.state === 'refreshes'));

	emulator().faults.revokeRefreshTokens(ALICE.username);
	const revoked = await runMsid(['doctor', '--json'], msid.env);
	t.is(revoked.code, 1);
	const after = JSON.parse(revoked.stdout) as typeof report;
	t.true(after.accounts.every(account => account.state === 'needs-sign-in'));
	const list = JSON.parse((await runMsid(['list', '--json'], msid.env)).stdout) as Array<{state: string}>;
	t.is(list[0]?.state, 'needs-sign-in');
});
