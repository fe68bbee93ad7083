/**
 * With the keychain store, no part of any access or refresh token reaches a file under the
 * config dir or HOME, after sign-in and after a refresh.
 */
import test from 'ava';
import {startEmulator} from '../../source/emulator/index.js';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid} from '../helpers/cli.js';
import {filesHoldingSecrets} from '../helpers/secret-scan.js';
import {listFiles, snapshotState} from '../helpers/state-snapshot.js';

const keyring = keychainPerTestFile();

test('no byte of a token lands in a file under HOME or the config dir', async t => {
	const emulator = await startEmulator({interval: 1, accessTokenLifetimeSeconds: 240});
	t.teardown(async () => emulator.close());
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator.url});
	await signIn(msid.env);
	const secrets = Object.values((await snapshotState(msid)).secrets);
	const token = await runMsid(['token'], msid.env);
	t.is(token.code, 0, token.stderr);
	secrets.push(token.stdout.trim(), ...Object.values((await snapshotState(msid)).secrets));
	t.true(secrets.length >= 4, 'access and refresh tokens before and after the refresh');

	const files = await listFiles(msid.home);
	t.true(files.some(file => file.endsWith('config.json')));
	t.deepEqual(await filesHoldingSecrets(msid.home, secrets.filter(secret => secret !== undefined)), [], 'files holding part of a token');
});
