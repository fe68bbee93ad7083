/**
 * With the keychain store, no part of any access or refresh token reaches a file under the
 * config dir or HOME, after sign-in and after a refresh.
 */
import {readFile} from 'node:fs/promises';
import test from 'ava';
import {startEmulator} from '../../source/emulator/index.js';
import {approveDeviceCode} from '../helpers/emulator-approve.js';
import {makeMsidEnv, startTestKeyring, runMsid, startMsid} from '../helpers/cli.js';
import type {KeyringSession} from '../helpers/keyring-session.js';
import {listFiles, snapshotState} from '../helpers/state-snapshot.js';
import {cleanupTempDirs} from '../helpers/temp-dirs.js';

let keyring: KeyringSession | undefined;

test.before(async () => {
	keyring = await startTestKeyring();
});

test.after.always(async () => {
	await keyring?.stop();
	await cleanupTempDirs();
});

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
	const msid = await makeMsidEnv({...keyring!.env, AZURE_AUTHORITY_HOST: emulator.url});
	const login = startMsid(['login'], msid.env);
	const [, uri, userCode] = (await login.waitForStderr(/open (?:the page )?(\S+?)\.? and enter the code (\S+?)[ .]/)) as unknown as string[];
	await approveDeviceCode({verificationUri: uri!, userCode: userCode!});
	t.is((await login.done).code, 0);
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
