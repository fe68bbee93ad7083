/**
 * Which tenant `--tenant` means, through the real CLI at the emulator: a tenant id or a
 * verified domain (resolved to the id, through discovery when the account has not seen it),
 * checked before any request; never a display name, which any tenant can choose. A bad value
 * fails in one line and leaves config and keychain byte for byte as they were.
 */
import test, {type ExecutionContext} from 'ava';
import {ALICE, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, demoDirectory} from '../../source/emulator/index.js';
import {emulatorPerTestFile, keychainPerTestFile, signedInAliceOn} from '../helpers/e2e.js';
import {runMsid, type MsidEnv, type RunResult} from '../helpers/cli.js';
import {jwtClaims} from '../helpers/jwt.js';
import {snapshotState} from '../helpers/state-snapshot.js';

/** A tenant that names itself after Fabrikam's domain; alice is a guest there. */
const LOOKALIKE_TENANT_ID = '0dd1e000-0000-4000-8000-00000000bad0';
const directory = demoDirectory();
directory.tenants.push({id: LOOKALIKE_TENANT_ID, domain: 'lookalike.onmicrosoft.com', displayName: 'fabrikam.onmicrosoft.com'});
directory.users.find(user => user.username === ALICE.username)!.memberships.push({tenantId: LOOKALIKE_TENANT_ID, oid: 'a11ce000-0000-4000-8000-0000000bad00'});

const keyring = keychainPerTestFile();
const emulator = emulatorPerTestFile({directory});

async function signedInAlice(): Promise<MsidEnv> {
	return (await signedInAliceOn(keyring, emulator)).msid;
}

interface Listed {
	state: string;
	tenantId: string;
	tenants: Array<{id: string; domain?: string; name?: string}>;
}

async function listed(msid: MsidEnv): Promise<Listed> {
	return (JSON.parse((await runMsid(['list', '--json'], msid.env)).stdout) as Listed[])[0]!;
}

/** One line (plus, where a server explained, the line that quotes it). */
function failsInOneLine(t: ExecutionContext, result: RunResult, code: number, pattern: RegExp): void {
	t.is(result.code, code, result.stderr);
	t.is(result.stdout, '');
	const lines = result.stderr.trimEnd().split('\n');
	t.is(lines.length, lines[1]?.startsWith('The server said: ') ? 2 : 1, result.stderr);
	t.regex(lines[0]!, pattern);
}

test('msid token --tenant DOMAIN: a token of that tenant, the domain resolved to its id', async t => {
	const msid = await signedInAlice();
	const token = await runMsid(['token', '--tenant', 'fabrikam.onmicrosoft.com', '--format', 'json'], msid.env);
	t.is(token.code, 0, token.stderr);
	const json = JSON.parse(token.stdout) as {accessToken: string; tenantId: string};
	t.is(json.tenantId, FABRIKAM_TENANT_ID);
	t.is(jwtClaims(json.accessToken)['tid'], FABRIKAM_TENANT_ID);
	// By id, the same cached token.
	const byId = await runMsid(['token', '--tenant', FABRIKAM_TENANT_ID], msid.env);
	t.is(byId.stdout.trim(), json.accessToken);
	const account = await listed(msid);
	t.is(account.state, 'valid');
	t.is(account.tenantId, CONTOSO_TENANT_ID, 'the active tenant did not change');
});

// Serial: the fault queue and the request counts are the emulator's, shared by the file.
test.serial('a domain the account has not seen (no tenant list) is resolved through discovery', async t => {
	// Resource Manager refuses, so after sign-in msid knows only the home tenant.
	emulator().faults.enqueue('tenants', {kind: 'status', status: 503}, 5);
	t.teardown(() => emulator().faults.clear());
	const msid = await signedInAlice();
	emulator().faults.clear();
	t.deepEqual((await listed(msid)).tenants.map(tenant => tenant.id), [CONTOSO_TENANT_ID]);
	const discoveries = emulator().stats.requests.filter(request => request.endpoint === 'discovery' && request.tenant === 'fabrikam.onmicrosoft.com').length;
	const token = await runMsid(['token', '--tenant', 'fabrikam.onmicrosoft.com'], msid.env);
	t.is(token.code, 0, token.stderr);
	t.is(jwtClaims(token.stdout.trim())['tid'], FABRIKAM_TENANT_ID);
	t.is(emulator().stats.requests.filter(request => request.endpoint === 'discovery' && request.tenant === 'fabrikam.onmicrosoft.com').length, discoveries + 1);
	t.is((await listed(msid)).state, 'valid');
	// The tenant is now known, and msid use accepts it.
	const use = await runMsid(['use', ALICE.username, '--tenant', FABRIKAM_TENANT_ID], msid.env);
	t.is(use.code, 0, use.stderr);
});

test.serial('msid token --tenant with a malformed or unknown tenant: one line, nothing changed, the account still valid', async t => {
	const msid = await signedInAlice();
	const before = await snapshotState(msid);
	const tokenRequests = emulator().stats.count('token');
	failsInOneLine(t, await runMsid(['token', '--tenant', 'not a tenant!'], msid.env), 2, /is not a tenant: use common, organizations, consumers, a tenant id/);
	failsInOneLine(t, await runMsid(['token', '--tenant', 'organizations'], msid.env), 2, /Choose a specific tenant/);
	t.is(emulator().stats.count('token'), tokenRequests, 'refused before any token request');
	failsInOneLine(t, await runMsid(['token', '--tenant', 'fabrikma.onmicrosoft.com'], msid.env), 1, /AADSTS90002.*tenant was not found/);
	t.deepEqual(await snapshotState(msid), before);
	t.is((await listed(msid)).state, 'valid');
});

test('msid use --tenant with a typo fails in one line and leaves config byte for byte unchanged', async t => {
	const msid = await signedInAlice();
	for (const typo of ['fabrikma.onmicrosoft.com', 'fab71ca2-6d0e-4c3b-8a9f-2e1d0c9b8a75', 'not a tenant!']) {
		const before = await snapshotState(msid);
		const result = await runMsid(['use', ALICE.username, '--tenant', typo], msid.env);
		failsInOneLine(t, result, 2, /tenant/);
		t.deepEqual(await snapshotState(msid), before, typo);
	}

	const after = await runMsid(['token'], msid.env);
	t.is(after.code, 0, 'later commands still work');
});

test('msid use --tenant selects by id or verified domain, never by a display name', async t => {
	const msid = await signedInAlice();
	const account = await listed(msid);
	const lookalike = account.tenants.find(tenant => tenant.id === LOOKALIKE_TENANT_ID);
	t.is(lookalike?.name, 'fabrikam.onmicrosoft.com', 'the look-alike tenant is listed with its chosen name as a label');

	// The domain picks the tenant that owns it, not the one that took it as a name.
	const byDomain = await runMsid(['use', ALICE.username, '--tenant', 'fabrikam.onmicrosoft.com'], msid.env);
	t.is(byDomain.code, 0, byDomain.stderr);
	t.is((await listed(msid)).tenantId, FABRIKAM_TENANT_ID);

	// A display name is not a key: "Contoso" and "Fabrikam" select nothing.
	for (const name of ['Contoso', 'Fabrikam']) {
		const before = await snapshotState(msid);
		const result = await runMsid(['use', ALICE.username, '--tenant', name], msid.env);
		t.not(result.code, 0);
		t.deepEqual(await snapshotState(msid), before);
	}

	t.is((await listed(msid)).tenantId, FABRIKAM_TENANT_ID);
});

test('when the user is not in the tenant that owns the domain, its look-alike display name does not stand in for it', async t => {
	const msid = await signedInAlice();
	// Forget Fabrikam: the account now knows Contoso and the look-alike only.
	const {readFile, writeFile} = await import('node:fs/promises');
	const path = (await import('node:path')).default;
	const file = path.join(msid.configDir, 'config.json');
	const config = JSON.parse(await readFile(file, 'utf8')) as {accounts: Record<string, {tenants: Array<{id: string}>}>};
	const record = Object.values(config.accounts)[0]!;
	record.tenants = record.tenants.filter(tenant => tenant.id !== FABRIKAM_TENANT_ID);
	await writeFile(file, `${JSON.stringify(config, undefined, '\t')}\n`);

	const before = await snapshotState(msid);
	const result = await runMsid(['use', ALICE.username, '--tenant', 'fabrikam.onmicrosoft.com'], msid.env);
	failsInOneLine(t, result, 2, /not known to belong to tenant "fabrikam\.onmicrosoft\.com"/);
	t.deepEqual(await snapshotState(msid), before);
	t.not((await listed(msid)).tenantId, LOOKALIKE_TENANT_ID);
});
