import {chmod, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {FileStore} from '../../source/storage/file-store.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';
import {runFixture} from './fixtures/run-fixture.js';
import {secretStoreContract} from './secret-store-contract.js';

test.after.always(cleanupTempDirs);

secretStoreContract('file', async () => {
	const configDir = await makeTempDir();
	return {
		open: service => new FileStore({configDir, service}),
		async rawNames(service) {
			const text = await readFile(path.join(configDir, 'secrets.json'), 'utf8').catch(() => '{"services": {}}');
			return Object.keys((JSON.parse(text) as {services: Record<string, object>}).services[service] ?? {});
		},
	};
});

test('the secrets file is created 0600 in a 0700 folder and narrowed back if widened', async t => {
	const configDir = path.join(await makeTempDir(), 'msid');
	const store = new FileStore({configDir});
	await store.set('k', 'v');
	t.is((await stat(configDir)).mode & 0o777, 0o700);
	t.is((await stat(store.file)).mode & 0o777, 0o600);
	await chmod(store.file, 0o644);
	t.is(await store.get('k'), 'v');
	t.is((await stat(store.file)).mode & 0o777, 0o600);
});

test('every operation reports its use', async t => {
	let uses = 0;
	const store = new FileStore({configDir: await makeTempDir(), onUse() {
		uses++;
	}});
	await store.set('k', 'v');
	await store.get('k');
	await store.keys();
	await store.delete('k');
	t.is(uses, 4);
});

test('writers in several processes keep every key', async t => {
	const configDir = await makeTempDir();
	const results = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map(async prefix => runFixture('file-store-worker', ['set', configDir, prefix, '8'])));
	for (const result of results) {
		t.is(result.code, 0, result.stderr);
	}

	const keys = await new FileStore({configDir}).keys();
	t.is(keys.length, 48);
	t.is(await new FileStore({configDir}).get('d-7'), 'secret of d-7');
});

test('a damaged secrets file is reported without its content and left as it is', async t => {
	const store = new FileStore({configDir: await makeTempDir()});
	await writeFile(store.file, '{"version": 1, "services": {"msid": {"k": "hunter2-secret"', {mode: 0o600});
	const before = await readFile(store.file);
	const error = await t.throwsAsync(store.set('other', 'value'), {instanceOf: MsidError});
	t.is(error?.code, 'secrets-file-corrupt');
	t.regex(error?.message ?? '', /secrets\.json is not valid JSON\.$/);
	t.deepEqual(error?.remedy, {kind: 'fix-file', path: store.file});
	t.notRegex(`${error?.message} ${String(error?.cause)}`, /hunter2/);
	t.deepEqual(await readFile(store.file), before);
});
