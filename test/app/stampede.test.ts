/**
 * A stampede: many callers need a refresh of one account at once. One refreshes under the
 * account's lock; the others take the stored result as soon as it is there, without queueing
 * through the lock one by one to find it (how long that takes goes to `npm run bench`).
 */
import test from 'ava';
import {ALICE, CONTOSO_TENANT_ID} from '../../source/emulator/directory.js';
import {createRuntime} from '../../source/app/runtime/create-runtime.js';
import {createTokenService} from '../../source/app/tokens/token-service.js';
import {readConfig} from '../../source/storage/config-read.js';
import {lockAcquisitions} from '../../source/storage/lock.js';
import {emulatorPerTestFile} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid} from '../helpers/cli.js';
import {setTokenExpiry} from '../helpers/token-expiry.js';

const emulator = emulatorPerTestFile({accessTokenLifetimeSeconds: 3600});

test('20 callers needing one refresh: one refresh, one pass through the account lock, the same token for all', async t => {
	const msid = await makeMsidEnv({AZURE_AUTHORITY_HOST: emulator().url, MSID_STORE: 'file'});
	const login = await runMsid(['login', '--flow', 'password', '--tenant', CONTOSO_TENANT_ID, '--username', ALICE.username], msid.env, {input: `${ALICE.password}\n`});
	t.is(login.code, 0, login.stderr);
	await setTokenExpiry(msid, 60_000);
	const [accountId] = Object.keys(readConfig(msid.env).accounts);
	const lockName = `account-${accountId}`;

	// A slow answer, so that every caller finds the lock held and waits.
	emulator().faults.enqueue('token', {kind: 'latency', ms: 800}, 1);
	const refreshes = emulator().stats.count('token');
	const before = lockAcquisitions.get(lockName) ?? 0;
	const tokens = createTokenService(await createRuntime({env: msid.env, warn() {}}));
	const results = await Promise.all(Array.from({length: 20}, async () => tokens.get({})));

	t.is(emulator().stats.count('token') - refreshes, 1, 'one refresh');
	t.is((lockAcquisitions.get(lockName) ?? 0) - before, 1, 'only the refreshing caller took the lock');
	t.is(new Set(results.map(result => result.accessToken)).size, 1);
	t.is(results.filter(result => result.refreshed).length, 1);
});
