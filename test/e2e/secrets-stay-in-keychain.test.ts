/**
 * With the keychain store, no part of any access or refresh token reaches a file under the
 * config dir or HOME, after sign-in and after a refresh.
 */
import {readFile} from 'node:fs/promises';
import test from 'ava';
import {startEmulator} from '../../source/emulator/index.js';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid} from '../helpers/cli.js';
import {listFiles, snapshotState} from '../helpers/state-snapshot.js';

const keyring = keychainPerTestFile();

/** Overlapping 16-character pieces: a file holding any sizeable part of a token is caught. */
function pieces(secret: string): string[] {
	const result: string[] = [];
	for (let start = 0; start + 16 <= secret.length; start += 8) {
		result.push(secret.slice(start, start + 16));
	}

	return result;
}

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
	for (const file of files) {
		const content = await readFile(file, 'latin1');
		for (const secret of secrets) {
			for (const piece of pieces(secret ?? '')) {
				t.false(content.includes(piece), `${file} contains part of a token`);
			}
		}
	}
});
