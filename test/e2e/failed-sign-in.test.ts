/**
 * A sign-in that is declined, expires or is cancelled leaves config and keychain exactly as
 * they were, including an account that was already signed in.
 */
import test from 'ava';

import {approveDeviceCode} from '../helpers/emulator-approve.js';
import {emulatorPerTestFile, keychainPerTestFile, deviceCodePrompt, approveOnEmulator, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, startMsid, type MsidEnv} from '../helpers/cli.js';
import {snapshotState} from '../helpers/state-snapshot.js';

const keyring = keychainPerTestFile();

const emulator = emulatorPerTestFile();

/** One account signed in already, so "as before" is not the trivial empty state. */
async function signedInEnv(): Promise<MsidEnv> {
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator().url});
	await signIn(msid.env, [], approveOnEmulator('alice@contoso.onmicrosoft.com'));

	return msid;
}

async function attempt(msid: MsidEnv, act: (userCode: string, verificationUri: string, child: ReturnType<typeof startMsid>) => Promise<void>) {
	const login = startMsid(['login', '--name', 'second'], msid.env);
	const [, verificationUri, userCode] = (await login.waitForStderr(deviceCodePrompt)) as unknown as string[];
	await act(userCode!, verificationUri!, login);
	return login.done;
}

test('a declined sign-in exits 1 and changes nothing', async t => {
	const msid = await signedInEnv();
	const before = await snapshotState(msid);
	const result = await attempt(msid, async (userCode, verificationUri) =>
		approveDeviceCode({verificationUri, userCode, username: 'bob@contoso.onmicrosoft.com', decision: 'decline'}),
	);
	t.is(result.code, 1);
	t.regex(result.stderr, /^msid: Sign-in was declined/m);
	t.deepEqual(await snapshotState(msid), before);
});

test('an expired code exits 1 and changes nothing', async t => {
	const msid = await signedInEnv();
	const before = await snapshotState(msid);
	const result = await attempt(msid, async userCode => {
		emulator().faults.expire(userCode);
	});
	t.is(result.code, 1);
	t.regex(result.stderr, /^msid: The sign-in code expired/m);
	t.deepEqual(await snapshotState(msid), before);
});

test('Ctrl-C during polling exits 130 and changes nothing', async t => {
	const msid = await signedInEnv();
	const before = await snapshotState(msid);
	const result = await attempt(msid, async (_userCode, _uri, login) => {
		login.child.kill('SIGINT');
	});
	t.is(result.code, 130);
	t.deepEqual(await snapshotState(msid), before);
	t.true(Object.keys(before.secrets).length > 0, 'the earlier account has secrets to protect');
});
