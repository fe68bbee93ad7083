/**
 * What msid-env does before a prompt when the cached token is fresh: reading config.json and
 * one keychain entry (over the session bus, without the keychain module), and nothing of the
 * dashboard, the protocol stack, the config writer or the built-ins only those need. Counted inside the real program (a preload that wraps the keychain module and
 * records every module loaded), against the real Secret Service: no timing involved.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {emulatorPerTestFile, keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, repoRoot, runMsid, runMsidEnv} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp-dirs.js';

const keyring = keychainPerTestFile();
const emulator = emulatorPerTestFile();
const preload = path.join(repoRoot, 'test', 'e2e', 'fixtures', 'record-cached-path.cjs');

interface Record {
	calls: {getPassword: number; setPassword: number; deletePassword: number; findCredentials: number};
	modules: string[];
}

test('with a fresh cached token msid-env reads one keychain entry, without loading the keychain module, and loads no UI, protocol or config-writing code', async t => {
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator().url});
	await signIn(msid.env);
	const record = path.join(await makeTempDir('msid-record-'), 'record.json');
	const result = await runMsidEnv(['--shell', 'bash'], {...msid.env, NODE_OPTIONS: `--require ${preload}`, MSID_TEST_RECORD: record});
	t.is(result.code, 0, result.stderr);
	t.regex(result.stdout, /^export MSID_ACCESS_TOKEN='ey/m);

	const {calls, modules} = JSON.parse(await readFile(record, 'utf8')) as Record;
	// The one entry is read by msid's own D-Bus client in a plain session: the keychain module
	// (3 MB, and an encrypted session's key exchange) is not even loaded.
	t.deepEqual(calls, {getPassword: 0, setPassword: 0, deletePassword: 0, findCredentials: 0});
	const packages = new Set(modules.flatMap(url => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));
	t.deepEqual([...packages], []);
	t.deepEqual(modules.filter(url => /silent-acquire|hooks-|create-services|ui\//.test(url)), []);
	// Built-ins only the refresh, lock and write paths need: loading them would cost the cached
	// path milliseconds (node:crypto for the cache key, streams under fs/promises and net).
	const builtins = new Set(modules.map(url => url.replace(/^node:/, '')));
	t.deepEqual(['crypto', 'fs/promises', 'net', 'child_process', 'http', 'https', 'stream'].filter(name => builtins.has(name)), []);
});

test('msid token with a fresh cached token runs only its quick bundle: one keychain read without the keychain module, none of the command line, the services or the protocol', async t => {
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator().url});
	await signIn(msid.env);
	const expected = await runMsid(['token'], msid.env);
	t.is(expected.code, 0, expected.stderr);
	const record = path.join(await makeTempDir('msid-record-'), 'record.json');
	const result = await runMsid(['token'], {...msid.env, NODE_OPTIONS: `--require ${preload}`, MSID_TEST_RECORD: record});
	t.is(result.code, 0, result.stderr);
	t.is(result.stdout, expected.stdout);
	t.is(result.stderr, '');

	const {calls, modules} = JSON.parse(await readFile(record, 'utf8')) as Record;
	t.deepEqual(calls, {getPassword: 0, setPassword: 0, deletePassword: 0, findCredentials: 0});
	t.deepEqual(modules.filter(url => url.includes('@napi-rs/keyring')), []);
	const files = modules.filter(url => url.includes('/dist/')).map(url => url.slice(url.lastIndexOf('/dist/') + 6));
	t.true(files.includes('msid-token.js'));
	t.deepEqual(files.filter(file => file === 'msid.js' || !/^(cli\.js|msid-token\.js|chunks\/token-)/.test(file)), []);
	t.deepEqual(modules.filter(url => /silent-acquire|create-services|command-line|ui\//.test(url)), []);
});

test('msid token hands over to the full program when the quick bundle cannot answer: options, another format, an unknown account', async t => {
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator().url});
	await signIn(msid.env);
	const record = path.join(await makeTempDir('msid-record-'), 'record.json');
	for (const argv of [['token', '--format', 'json'], ['token', '--force'], ['token', 'nobody-here']]) {
		const result = await runMsid(argv, {...msid.env, NODE_OPTIONS: `--require ${preload}`, MSID_TEST_RECORD: record});
		const {modules} = JSON.parse(await readFile(record, 'utf8')) as Record;
		t.true(modules.some(url => url.endsWith('/dist/msid.js')), argv.join(' '));
		if (argv[1] === 'nobody-here') {
			t.is(result.code, 1, result.stderr);
			t.regex(result.stderr, /nobody-here/);
		} else {
			t.is(result.code, 0, result.stderr);
		}
	}
});

test('with the D-Bus session out of reach, msid-env and msid token say so in one line, also when run from the code cache', async t => {
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator().url});
	await signIn(msid.env);
	const env = {...msid.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(await makeTempDir('msid-no-bus-'), 'bus')}`};
	// The first run of each writes its code cache, the second runs from it.
	for (const round of [1, 2]) {
		const fromEnv = await runMsidEnv(['--shell', 'bash'], env);
		t.is(fromEnv.code, 1, `round ${round}: ${fromEnv.stderr}`);
		t.is(fromEnv.stdout, '');
		t.regex(fromEnv.stderr, /^msid-env: The D-Bus session bus in DBUS_SESSION_BUS_ADDRESS cannot be reached[^\n]*\n$/);
		const fromToken = await runMsid(['token'], env);
		t.is(fromToken.code, 1, `round ${round}: ${fromToken.stderr}`);
		t.is(fromToken.stdout, '');
		t.regex(fromToken.stderr, /^msid: The D-Bus session bus in DBUS_SESSION_BUS_ADDRESS cannot be reached[^\n]*\n$/);
	}
});
