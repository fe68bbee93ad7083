import {chmod, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {configDir, configPath, readConfig, updateConfig} from '../../source/storage/config-store.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';
import {runFixture} from './fixtures/run-fixture.js';
import {sampleAccount} from './fixtures/sample-account.js';

test.after.always(cleanupTempDirs);

async function tempEnv() {
	const dir = path.join(await makeTempDir(), 'msid');
	return {dir, env: {MSID_CONFIG_DIR: dir}, file: path.join(dir, 'config.json')};
}

test('a missing config file reads as an empty config', async t => {
	const {env, file} = await tempEnv();
	t.is(configPath(env), file);
	t.deepEqual(readConfig(env), {version: 1, accounts: {}});
});

test('updates are written with a private folder and file, and read back', async t => {
	const {dir, env, file} = await tempEnv();
	const written = await updateConfig(env, data => {
		data.accounts['a1'] = sampleAccount('a1');
		data.defaultAccount = 'a1';
	});
	t.deepEqual(readConfig(env), written);
	t.is(readConfig(env).accounts['a1']?.name, 'user-a1@contoso.example');
	t.is((await stat(dir)).mode & 0o777, 0o700);
	t.is((await stat(file)).mode & 0o777, 0o600);
});

test('optional fields set to undefined are simply left out', async t => {
	const {env} = await tempEnv();
	await updateConfig(env, data => {
		data.accounts['a1'] = {...sampleAccount('a1'), needsSignIn: undefined, alias: undefined};
		data.defaultAccount = undefined;
	});
	t.deepEqual(Object.keys(readConfig(env)), ['version', 'accounts']);
	t.false('needsSignIn' in readConfig(env).accounts['a1']!);
});

test('an async mutation is awaited before the write', async t => {
	const {env} = await tempEnv();
	await updateConfig(env, async data => {
		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
		data.defaultAccount = 'later';
	});
	t.is(readConfig(env).defaultAccount, 'later');
});

test('a wider mode on an existing file is narrowed to 0600 by the next write', async t => {
	const {env, file} = await tempEnv();
	await updateConfig(env, () => undefined);
	await chmod(file, 0o644);
	await updateConfig(env, data => {
		data.defaultAccount = 'x';
	});
	t.is((await stat(file)).mode & 0o777, 0o600);
});

for (const [title, content, expected] of [
	['not JSON', '{"version": 1,\n  "accounts": {,}\n}\n', /is not valid JSON \(line 2, column \d+\)/],
	['an empty file', '', /is not valid JSON/],
	['JSON of the wrong shape', '{"version": 1, "accounts": []}', /is not an msid config \(accounts is not an object\)/],
	['a wrong version', '{"version": 2, "accounts": {}}', /is not an msid config \(version is not 1\)/],
	['an account entry that is null', '{"version": 1, "accounts": {"a1": null}}', /is not an msid config \(account "a1": not an object\)/],
	['an account whose tokens are null', JSON.stringify({version: 1, accounts: {a1: {...sampleAccount('a1'), tokens: null}}}), /account "a1": tokens is not an object/],
	['an account whose provider is null', JSON.stringify({version: 1, accounts: {a1: {...sampleAccount('a1'), provider: null}}}), /account "a1": provider is not an object/],
	['an account without a name', JSON.stringify({version: 1, accounts: {a1: {...sampleAccount('a1'), name: 7}}}), /account "a1": name is not a string/],
] as const) {
	test(`a config file that is ${title} is reported and never overwritten`, async t => {
		const {env, file} = await tempEnv();
		await updateConfig(env, () => undefined);
		await writeFile(file, content);
		const before = await readFile(file);

		const readError = t.throws(() => readConfig(env), {instanceOf: MsidError});
		t.is(readError?.code, 'config-corrupt');
		const error = await t.throwsAsync(updateConfig(env, data => {
			data.defaultAccount = 'x';
		}), {instanceOf: MsidError});
		t.is(error?.code, 'config-corrupt');
		t.true(error?.message.startsWith(`Config file ${file} `));
		t.regex(error?.message ?? '', expected);
		t.deepEqual(error?.remedy, {kind: 'fix-file', path: file});
		t.deepEqual(await readFile(file), before);
	});
}

test('a config file saved with a UTF-8 byte order mark is read and updated', async t => {
	const {env, file} = await tempEnv();
	await updateConfig(env, () => undefined);
	await writeFile(file, `\uFEFF${JSON.stringify({version: 1, accounts: {a1: sampleAccount('a1')}})}`);
	t.is(readConfig(env).accounts['a1']?.id, 'a1');
	await updateConfig(env, data => {
		data.defaultAccount = 'a1';
	});
	t.is(readConfig(env).defaultAccount, 'a1');
});

test('a file that passes the quick check but not the schema is reported and not overwritten', async t => {
	const {env, file} = await tempEnv();
	const account: Record<string, unknown> = {...sampleAccount('a1')};
	delete account['flow'];
	await updateConfig(env, () => undefined);
	await writeFile(file, JSON.stringify({version: 1, accounts: {a1: account}}));
	const before = await readFile(file);
	t.is(readConfig(env).accounts['a1']?.id, 'a1');
	const error = await t.throwsAsync(updateConfig(env, data => {
		data.defaultAccount = 'a1';
	}), {instanceOf: MsidError});
	t.is(error?.code, 'config-corrupt');
	t.regex(error?.message ?? '', /does not match msid's config schema \(.*flow/);
	t.deepEqual(await readFile(file), before);
});

test('a mutation that breaks the schema is refused and nothing is written', async t => {
	const {env, file} = await tempEnv();
	await updateConfig(env, data => {
		data.accounts['a1'] = sampleAccount('a1');
	});
	const before = await readFile(file);
	const error = await t.throwsAsync(updateConfig(env, data => {
		(data.accounts['a1'] as unknown as Record<string, unknown>)['kind'] = 'robot';
	}), {instanceOf: MsidError});
	t.is(error?.code, 'config-invalid');
	t.deepEqual(await readFile(file), before);
});

test('concurrent updates from several processes lose nothing', async t => {
	const {dir, env} = await tempEnv();
	const results = await Promise.all(['p', 'q', 'r', 's', 't', 'u'].map(async prefix => runFixture('config-worker', ['update', dir, prefix, '5'])));
	for (const result of results) {
		t.is(result.code, 0, result.stderr);
	}

	t.is(Object.keys(readConfig(env).accounts).length, 30);
});

test('reading the config does not load ajv', async t => {
	const {dir} = await tempEnv();
	const result = await runFixture('config-worker', ['modules', dir]);
	t.is(result.code, 0, result.stderr);
	const [afterRead, afterUpdate] = result.stdout.trim().split('\n').map(line => JSON.parse(line) as {loaded: string[]});
	t.deepEqual(afterRead?.loaded, []);
	t.true(afterUpdate?.loaded.includes('ajv'), 'the check does see ajv once a write loads it');
});

test('the default folder is the one conf itself picks for msid', async t => {
	const xdg = await makeTempDir();
	const env = {XDG_CONFIG_HOME: xdg, APPDATA: xdg};
	const saved = {XDG_CONFIG_HOME: process.env['XDG_CONFIG_HOME'], APPDATA: process.env['APPDATA']};
	Object.assign(process.env, env);
	try {
		const {default: Conf} = await import('conf');
		const conf = new Conf({projectName: 'msid', projectSuffix: ''});
		t.is(configPath(env), conf.path);
		t.is(configDir(env), path.dirname(conf.path));
	} finally {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) {
				delete process.env[name];
			} else {
				process.env[name] = value;
			}
		}
	}
});
