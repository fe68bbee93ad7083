/**
 * Tenants Resource Manager lists through Azure Lighthouse (ProjectedBy, ManagedBy) are not the
 * user's to sign in to: after `msid login` they are not among the account's tenants, and
 * `msid use --tenant` refuses them like any tenant the account does not belong to.
 */
import test from 'ava';
import {ALICE, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, demoDirectory} from '../../source/emulator/index.js';
import {approveOnEmulator, emulatorPerTestFile, keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid} from '../helpers/cli.js';

const NORTHWIND_TENANT_ID = '70a7e000-0000-4000-8000-00000000a0a7';
const TAILSPIN_TENANT_ID = '7a115000-0000-4000-8000-00000007a115';
const directory = demoDirectory();
directory.tenants.push(
	{id: NORTHWIND_TENANT_ID, domain: 'northwind.onmicrosoft.com', displayName: 'Northwind (customer, Lighthouse)'},
	{id: TAILSPIN_TENANT_ID, domain: 'tailspin.onmicrosoft.com', displayName: 'Tailspin (managing, Lighthouse)'},
);
directory.users.find(user => user.username === ALICE.username)!.delegations = [
	{tenantId: NORTHWIND_TENANT_ID, category: 'ProjectedBy'},
	{tenantId: TAILSPIN_TENANT_ID, category: 'ManagedBy'},
];

const keyring = keychainPerTestFile();
const emulator = emulatorPerTestFile({directory});

test('after sign-in the account\'s tenants are its memberships, not its Lighthouse delegations', async t => {
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator().url});
	await signIn(msid.env, [], approveOnEmulator(ALICE.username));
	t.is(emulator().stats.count('tenants'), 1, 'Resource Manager was asked');
	const [account] = JSON.parse((await runMsid(['list', '--json'], msid.env)).stdout) as Array<{tenants: Array<{id: string}>}>;
	t.deepEqual(account?.tenants.map(tenant => tenant.id).sort(), [CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID].sort());
	const use = await runMsid(['use', ALICE.username, '--tenant', NORTHWIND_TENANT_ID], msid.env);
	t.not(use.code, 0, use.stderr);
});
