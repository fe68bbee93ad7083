/**
 * The secret store contract on a real Secret Service: gnome-keyring on a private D-Bus session.
 * This process points the keychain library at that bus before its first call, so the
 * library's once-per-process choice of backend and connection is the private session.
 */
import test from 'ava';
import {windowsPartLimits} from '../../source/storage/chunked.js';
import {KeyringStore, type KeytarApi} from '../../source/storage/keyring-store.js';
import {type KeyringSession, missingKeyringTools, startKeyringSession} from '../helpers/keyring-session.js';
import {secretStoreContract} from './secret-store-contract.js';
import {testNeeding} from '../helpers/tool-gate.js';

const missing = missingKeyringTools();
let session: KeyringSession | undefined;
let keytar: KeytarApi;

if (missing) {
	testNeeding(missing)('keychain store contract', () => undefined);
} else {
	test.before(async () => {
		session = await startKeyringSession();
		process.env['DBUS_SESSION_BUS_ADDRESS'] = session.env.DBUS_SESSION_BUS_ADDRESS;
		keytar = await import('@napi-rs/keyring/keytar.js') as KeytarApi;
	});
	test.after.always(async () => {
		await session?.stop();
	});

	const rawNames = async (service: string) => (await keytar.findCredentials(service)).map(credential => credential.account);
	secretStoreContract('keychain', async () => ({open: service => new KeyringStore({service}), rawNames}));
	// The split form, as Windows needs it, on a real keychain too.
	secretStoreContract('keychain split as on Windows', async () => ({
		open: service => new KeyringStore({service, partLimits: windowsPartLimits}),
		rawNames,
	}));

	test('the Secret Service keeps a 10,000-character token in one entry: one round trip per read', async t => {
		const store = new KeyringStore({service: 'msid-test-entry-sizes'});
		await store.set('big', 'x'.repeat(10_000));
		t.deepEqual((await keytar.findCredentials('msid-test-entry-sizes')).map(entry => entry.account), ['big']);
	});

	test('split entries written with Windows limits are read whole and replaced by one entry', async t => {
		const service = 'msid-test-entry-forms';
		await new KeyringStore({service, partLimits: windowsPartLimits}).set('big', 'y'.repeat(10_000));
		const entries = await keytar.findCredentials(service);
		t.is(entries.length, 1 + Math.ceil(10_000 / 1200));
		for (const {password} of entries) {
			t.true(Buffer.byteLength(password) <= 2000 && password.length * 2 <= 2560);
		}

		const store = new KeyringStore({service});
		t.is(await store.get('big'), 'y'.repeat(10_000));
		await store.set('big', 'z'.repeat(10_000));
		t.deepEqual(await rawNames(service), ['big']);
		t.is(await store.get('big'), 'z'.repeat(10_000));
	});
}
