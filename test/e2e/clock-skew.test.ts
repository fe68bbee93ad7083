/**
 * A local clock five minutes behind the provider's: `msid login` computes expiry from the server's
 * Date and says so once, though the sign-in and the tenant listing after it both saw the skew.
 */
import test from 'ava';
import {emulatorPerTestFile, keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv} from '../helpers/cli.js';

const keyring = keychainPerTestFile();
const emulator = emulatorPerTestFile();

test('the clock-skew warning is printed once per command', async t => {
	emulator().faults.setDateSkew(5 * 60_000);
	t.teardown(() => emulator().faults.setDateSkew(0));
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator().url});
	const tenantListings = emulator().stats.count('tenants');
	const login = await signIn(msid.env);
	t.is(emulator().stats.count('tenants'), tenantListings + 1, 'a second token (for Resource Manager) was obtained after the sign-in');
	const warnings = login.stderr.split('\n').filter(line => /The local clock is 5 min behind the server/.test(line));
	t.is(warnings.length, 1, login.stderr);
});
