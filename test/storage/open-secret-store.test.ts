import {readFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {UsageError} from '../../source/model/errors.js';
import {openSecretStore} from '../../source/storage/open-secret-store.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';

test.after.always(cleanupTempDirs);

test('the keychain is the default', t => {
	t.is(openSecretStore({env: {}}).kind, 'keychain');
	t.is(openSecretStore({env: {MSID_STORE: 'keychain'}}).kind, 'keychain');
	t.is(openSecretStore({env: {MSID_STORE: ''}}).kind, 'keychain');
});

test('MSID_STORE=file uses secrets.json in the config dir, under the service name, and reports every use', async t => {
	const configDir = await makeTempDir();
	let uses = 0;
	const store = openSecretStore({
		env: {MSID_STORE: 'file', MSID_KEYCHAIN_SERVICE: 'msid-profile'},
		configDir,
		onInsecureUse() {
			uses++;
		},
	});
	t.is(store.kind, 'file');
	await store.set('k', 'v');
	t.is(await store.get('k'), 'v');
	t.is(uses, 2);
	const file = JSON.parse(await readFile(path.join(configDir, 'secrets.json'), 'utf8')) as {services: Record<string, unknown>};
	t.deepEqual(Object.keys(file.services), ['msid-profile']);
});

test('without a config dir the file store follows MSID_CONFIG_DIR', async t => {
	const configDir = path.join(await makeTempDir(), 'config');
	const store = openSecretStore({env: {MSID_STORE: 'file', MSID_CONFIG_DIR: configDir}});
	await store.set('k', 'v');
	t.truthy(await readFile(path.join(configDir, 'secrets.json'), 'utf8'));
});

test('any other MSID_STORE is a usage error naming the allowed values', t => {
	const error = t.throws(() => openSecretStore({env: {MSID_STORE: 'keyring'}}), {instanceOf: UsageError});
	t.is(error?.exitCode, 2);
	t.is(error?.message, 'MSID_STORE="keyring" is not a secret store msid knows: use keychain or file.');
});
