import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {createRequire} from 'node:module';
import {KeyringStore, keychainTimeoutMs, usualPlatformPackage, type KeytarApi} from '../../source/storage/keyring-store.js';
import {type KeyringSession, missingKeyringTools, startKeyringSession} from '../helpers/keyring-session.js';
import {runFixture} from './fixtures/run-fixture.js';
import {testNeeding} from '../helpers/tool-gate.js';

function fakeKeytar(overrides: Partial<KeytarApi> = {}): KeytarApi & {calls: string[]} {
	const calls: string[] = [];
	return {
		calls,
		async getPassword(service, account) {
			calls.push(`get ${service} ${account}`);
			return null;
		},
		async setPassword(service, account) {
			calls.push(`set ${service} ${account}`);
		},
		deletePassword: async () => false,
		findCredentials: async () => [],
		...overrides,
	};
}

test('the service name comes from MSID_KEYCHAIN_SERVICE, else msid, unless given', async t => {
	const keytar = fakeKeytar();
	await new KeyringStore({keytar, env: {MSID_KEYCHAIN_SERVICE: 'msid-profile'}}).get('k');
	await new KeyringStore({keytar, env: {}}).get('k');
	await new KeyringStore({keytar, env: {MSID_KEYCHAIN_SERVICE: 'ignored'}, service: 'chosen'}).get('k');
	t.deepEqual(keytar.calls, ['get msid-profile k', 'get msid k', 'get chosen k']);
});

test('the macOS Keychain is never listed (listing asks the user about every entry); the other keychains list silently', t => {
	const keytar = fakeKeytar();
	t.false(new KeyringStore({keytar, env: {}, platform: 'darwin'}).listsSilently);
	t.true(new KeyringStore({keytar, env: {}, platform: 'linux'}).listsSilently);
	t.true(new KeyringStore({keytar, env: {}, platform: 'win32'}).listsSilently);
});

test('a person at a macOS terminal gets 2 minutes to answer the Keychain dialog; everything else 8 s', t => {
	t.is(keychainTimeoutMs('darwin', true), 120_000);
	t.is(keychainTimeoutMs('darwin', false), 8000);
	t.is(keychainTimeoutMs('linux', true), 8000);
	t.is(keychainTimeoutMs('win32', true), 8000);
});

test('a keychain that does not answer times out with the fix', async t => {
	const keytar = fakeKeytar({getPassword: async () => new Promise(() => undefined)});
	const store = new KeyringStore({keytar, env: {}, timeoutMs: 50});
	const error = await t.throwsAsync(store.get('k'), {instanceOf: MsidError});
	t.is(error?.code, 'keychain-unavailable');
	t.regex(error?.message ?? '', /did not answer within .* unlock it .*MSID_STORE=file/);
	t.is((error?.cause as Error).name, 'KeychainTimeoutError');
});

test('a failure never repeats the platform\'s message, which could quote a secret', async t => {
	const keytar = fakeKeytar({
		async setPassword(_service, _account, password) {
			throw new Error(`Platform failure while storing ${password}`);
		},
	});
	const store = new KeyringStore({keytar, env: {DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus'}});
	const error = await t.throwsAsync(store.set('k', 'hunter2-value'), {instanceOf: MsidError});
	t.notRegex(error?.message ?? '', /hunter2/);
	t.regex(error?.message ?? '', /cannot be reached.*MSID_STORE=file/);
});

test('a locked keyring is named as such', async t => {
	const keytar = fakeKeytar({getPassword: async () => Promise.reject(new Error('Couldn\'t access platform storage: Secret Service: unlock prompt was dismissed'))});
	const error = await t.throwsAsync(new KeyringStore({keytar, env: {}}).get('k'), {instanceOf: MsidError});
	t.regex(error?.message ?? '', /keychain is locked: unlock it .*MSID_STORE=file/);
});

test('a keyring daemon that sends no reply is named as such, not as a locked keyring', async t => {
	// Recorded from @napi-rs/keyring 2.1.2 on Linux (Debian, gnome-keyring 46) with the keyring
	// daemon stopped by SIGSTOP: its list of possible causes says "blocked", which once read as "locked".
	const recorded = 'Platform failure: DBus error: Did not receive a reply. Possible causes include: the remote application did not send a reply, the message bus security policy blocked the reply, the reply timeout expired, or the network connection was broken.';
	const keytar = fakeKeytar({getPassword: async () => Promise.reject(new Error(recorded))});
	const error = await t.throwsAsync(new KeyringStore({keytar, env: {}}).get('k'), {instanceOf: MsidError});
	t.regex(error?.message ?? '', /^The Secret Service keychain did not answer on the D-Bus session bus: restart gnome-keyring .*MSID_STORE=file/);
	t.notRegex(error?.message ?? '', /locked/);
});

// The rest meet the real library in child processes, each with its own environment.

const missing = missingKeyringTools();
const real = testNeeding(missing);

async function keychainOutcome(env: NodeJS.ProcessEnv, ...args: string[]) {
	const result = await runFixture('keyring-worker', args.length > 0 ? args : ['get', 'probe'], {env});
	if (result.code !== 0) {
		throw new Error(`keyring fixture failed: ${result.stderr}`);
	}

	return JSON.parse(result.stdout) as {code?: string; message?: string; value?: string | null; stored?: boolean; same?: boolean};
}

function envWithout(...names: string[]): NodeJS.ProcessEnv {
	const env = {...process.env};
	for (const name of names) {
		delete env[name];
	}

	return env;
}

real('no D-Bus session: the message names D-Bus and MSID_STORE=file', async t => {
	const outcome = await keychainOutcome(envWithout('DBUS_SESSION_BUS_ADDRESS'));
	t.is(outcome.code, 'keychain-unavailable');
	t.regex(outcome.message ?? '', /no D-Bus session \(DBUS_SESSION_BUS_ADDRESS is not set\).*MSID_STORE=file/);
});

real('an unreachable D-Bus address is named as such', async t => {
	const outcome = await keychainOutcome({...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/msid-test-bus'});
	t.is(outcome.code, 'keychain-unavailable');
	t.regex(outcome.message ?? '', /D-Bus session bus .* cannot be reached.*MSID_STORE=file/);
});

async function withSession(options: Parameters<typeof startKeyringSession>[0], body: (session: KeyringSession) => Promise<void>) {
	const session = await startKeyringSession(options);
	try {
		await body(session);
	} finally {
		await session.stop();
	}
}

real('D-Bus without a Secret Service keyring: the message names the Secret Service and how to get one', async t => {
	await withSession({secretService: false}, async session => {
		// D-Bus may start gnome-keyring on demand, but without a default keyring a write still fails.
		const outcome = await keychainOutcome({...process.env, ...session.env}, 'set', 'probe', '10');
		t.is(outcome.code, 'keychain-unavailable');
		t.regex(outcome.message ?? '', /No Secret Service keychain .*gnome-keyring.*KeePassXC.*MSID_STORE=file/);
	});
});

real('a locked keyring: the message says to unlock it', async t => {
	await withSession({}, async session => {
		await session.lockKeyring();
		const outcome = await keychainOutcome({...process.env, ...session.env}, 'set', 'probe', '10');
		t.is(outcome.code, 'keychain-unavailable');
		t.regex(outcome.message ?? '', /locked: unlock it/);
	});
});

real('a keyring daemon that has stopped answering: the message says so, and the call ends', async t => {
	await withSession({}, async session => {
		await session.signalDaemon('SIGSTOP');
		try {
			const outcome = await keychainOutcome({...process.env, ...session.env}, 'get', 'probe');
			t.is(outcome.code, 'keychain-unavailable');
			t.regex(outcome.message ?? '', /did not answer on the D-Bus session bus: restart gnome-keyring/);
			t.notRegex(outcome.message ?? '', /locked/);
		} finally {
			await session.signalDaemon('SIGCONT');
		}
	});
});

real('a session bus that has stopped answering: reads and writes end at the bound, saying so, instead of waiting for ever', async t => {
	await withSession({}, async session => {
		const env = {...process.env, ...session.env, MSID_KEYCHAIN_SERVICE: 'msid-test-silent-bus'};
		t.deepEqual(await keychainOutcome(env, 'set', 'token', '100'), {stored: true});
		await session.signalDaemon('SIGSTOP', 'dbus');
		try {
			// Before msid checked the bus, the keychain module waited here with no end.
			for (const args of [['check', 'token', '100'], ['set', 'other', '100']]) {
				const outcome = await keychainOutcome(env, ...args);
				t.is(outcome.code, 'keychain-unavailable', args[0]);
				t.regex(outcome.message ?? '', /^The D-Bus session bus did not answer within 4 s, so msid cannot reach the Secret Service keychain: restart the session bus .*MSID_STORE=file/);
			}
		} finally {
			await session.signalDaemon('SIGCONT', 'dbus');
		}

		t.deepEqual(await keychainOutcome(env, 'check', 'token', '100'), {same: true, module: false}, 'once the bus answers again, so does msid');
	});
});

real('a long secret written by one process is read whole by another', async t => {
	await withSession({}, async session => {
		const env = {...process.env, ...session.env, MSID_KEYCHAIN_SERVICE: 'msid-test-cross'};
		t.deepEqual(await keychainOutcome(env, 'set', 'refresh', '7000'), {stored: true});
		// Read in a plain session by msid's own D-Bus client (secret-service-read.ts): no module loaded.
		t.deepEqual(await keychainOutcome(env, 'check', 'refresh', '7000'), {same: true, module: false});
	});
});

real('where Node.js would warn about its internal socket handle (pending deprecations), the module reads instead, and nothing is printed', async t => {
	await withSession({}, async session => {
		const env = {...process.env, ...session.env, MSID_KEYCHAIN_SERVICE: 'msid-test-cross'};
		t.deepEqual(await keychainOutcome(env, 'set', 'refresh', '300'), {stored: true});
		const result = await runFixture('keyring-worker', ['check', 'refresh', '300'], {env: {...env, NODE_PENDING_DEPRECATION: '1'}});
		t.deepEqual(JSON.parse(result.stdout), {same: true, module: true});
		t.is(result.stderr, '');
	});
});

test('the addon is asked for by the name npm installs it under: every name is one of @napi-rs/keyring\'s own platform packages, and here it is the addon index.js loads', t => {
	const require = createRequire(import.meta.url);
	const manifest = require('@napi-rs/keyring/package.json') as {optionalDependencies: Record<string, string>};
	const pairs: Array<[NodeJS.Platform, string]> = [['linux', 'x64'], ['linux', 'arm64'], ['darwin', 'x64'], ['darwin', 'arm64'], ['win32', 'x64'], ['win32', 'arm64'], ['win32', 'ia32']];
	for (const [platform, arch] of pairs) {
		t.true(Object.hasOwn(manifest.optionalDependencies, usualPlatformPackage(platform, arch)!), `${platform} ${arch}`);
	}

	t.is(usualPlatformPackage('aix', 'ppc64'), undefined);
	const usual = usualPlatformPackage(process.platform, process.arch)!;
	const direct = require(usual) as typeof import('@napi-rs/keyring');
	t.is(direct.AsyncEntry, (require('@napi-rs/keyring') as typeof import('@napi-rs/keyring')).AsyncEntry);
});
