/**
 * `msid logout` and a refresh exclude each other through the account's lock: whichever order
 * they meet in, nothing of the account survives the logout in the real Secret Service.
 */
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import type {ConfigData} from '../../source/model/account.js';
import {ALICE, CONTOSO_TENANT_ID} from '../../source/emulator/directory.js';
import {emulatorPerTestFile, keychainPerTestFile} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid, startMsid} from '../helpers/cli.js';
import {snapshotState} from '../helpers/state-snapshot.js';

const keyring = keychainPerTestFile();
const emulator = emulatorPerTestFile({accessTokenLifetimeSeconds: 3600});

test('msid logout racing a refresh, 20 times: afterwards the keychain holds nothing of the account', async t => {
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator().url});
	const file = path.join(msid.configDir, 'config.json');
	let refreshedFirst = 0;
	for (let trial = 1; trial <= 20; trial++) {
		// The password flow signs in with one request: twenty sign-ins stay quick.
		const login = await runMsid(['login', '--flow', 'password', '--tenant', CONTOSO_TENANT_ID, '--username', ALICE.username], msid.env, {input: `${ALICE.password}\n`});
		t.is(login.code, 0, login.stderr);
		const config = JSON.parse(await readFile(file, 'utf8')) as ConfigData;
		t.is(Object.keys(config.accounts).length, 1);
		// A slow token endpoint widens the window in which the two meet.
		emulator().faults.enqueue('token', {kind: 'latency', ms: 50 + (trial * 37 % 200)}, 1);
		const refresh = startMsid(['token', '--force'], msid.env);
		const logout = await runMsid(['logout'], msid.env);
		const refreshed = await refresh.done;
		t.is(logout.code, 0, logout.stderr);
		if (refreshed.code === 0) {
			refreshedFirst++;
		} else {
			t.regex(refreshed.stderr, /signed out|No account|not found|unknown/i, refreshed.stderr);
		}

		const state = await snapshotState(msid);
		t.deepEqual(Object.keys(state.secrets), [], `trial ${trial}: no keychain entry survives the logout`);
		t.deepEqual((JSON.parse(await readFile(file, 'utf8')) as ConfigData).accounts, {});
		await writeFile(file, JSON.stringify({version: 1, accounts: {}}));
	}

	t.log(`${refreshedFirst} of 20 refreshes finished before the logout`);
});
