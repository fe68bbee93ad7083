/**
 * One refusal is not the whole account: consent missing for one API, or a tenant that refuses
 * the user, fails that request with its own advice and leaves the account valid. Through the
 * real CLI against the emulator.
 */
import test from 'ava';
import {FABRIKAM_TENANT_ID} from '../../source/emulator/index.js';
import {emulatorPerTestFile, keychainPerTestFile, signedInAliceOn} from '../helpers/e2e.js';
import {runMsid, type MsidEnv} from '../helpers/cli.js';

const keyring = keychainPerTestFile();
const emulator = emulatorPerTestFile();

async function signedInAlice(): Promise<MsidEnv> {
	return (await signedInAliceOn(keyring, emulator)).msid;
}

async function state(msid: MsidEnv): Promise<string | undefined> {
	return (JSON.parse((await runMsid(['list', '--json'], msid.env)).stdout) as Array<{state: string}>)[0]?.state;
}

test.serial('Resource Manager refusing consent: the sign-in stays valid, the ARM token fails with consent advice, Graph still works', async t => {
	emulator().faults.refuseConsent();
	t.teardown(() => emulator().faults.clear());
	const msid = await signedInAlice();
	t.is(await state(msid), 'valid', 'the optional ARM token after sign-in does not mark a fresh account');

	const arm = await runMsid(['token', '--resource', 'https://management.azure.com'], msid.env);
	t.is(arm.code, 1);
	t.regex(arm.stderr, /AADSTS65001/);
	t.regex(arm.stderr, /consent/);
	t.is(await state(msid), 'valid');
	const graph = await runMsid(['token', '--force'], msid.env);
	t.is(graph.code, 0, graph.stderr);
});

for (const [code, what] of [[50_020, /not a member of this tenant/], [90_072, /not a user of this tenant/], [500_011, /not known in this tenant/]] as const) {
	test.serial(`AADSTS${code} for --tenant X fails that request with its own advice and leaves the account valid`, async t => {
		const msid = await signedInAlice();
		emulator().faults.enqueue('token', {kind: 'aadsts', error: 'invalid_grant', code});
		t.teardown(() => emulator().faults.clear());
		const result = await runMsid(['token', '--tenant', FABRIKAM_TENANT_ID], msid.env);
		t.is(result.code, 1, result.stderr);
		t.regex(result.stderr, new RegExp(`AADSTS${code}`));
		t.regex(result.stderr, what);
		t.is(await state(msid), 'valid');
		t.is((await runMsid(['token'], msid.env)).code, 0);
	});
}
