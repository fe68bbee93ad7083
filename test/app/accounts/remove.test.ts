/**
 * Signing an account out removes its secrets first and its config entry last: when the
 * keychain refuses a delete, the account stays listed, so the user can see it and try again,
 * instead of a refresh token left in the keychain that no command would ever remove.
 */
import test from 'ava';
import {MsidError} from '../../../source/model/errors.js';
import {readConfig} from '../../../source/storage/config-read.js';
import {startUseCases} from '../helpers/use-cases.js';

test('a sign-out removes every secret of the account, then the account', async t => {
	const useCases = await startUseCases();
	t.teardown(async () => useCases.close());
	const name = await useCases.signInAlice();
	useCases.secrets.operations.length = 0;
	await useCases.services.accounts.remove(name);
	t.deepEqual(await useCases.secrets.keys(), []);
	t.deepEqual(Object.keys(readConfig(useCases.runtime.env).accounts), []);
	t.true(useCases.secrets.operations.some(operation => operation.op === 'delete' && operation.key.endsWith('/refresh-token')));
});

test('when the keychain refuses a delete, the account stays in config', async t => {
	const useCases = await startUseCases();
	t.teardown(async () => useCases.close());
	const name = await useCases.signInAlice();
	const refuse = async () => {
		throw new Error('the keychain is locked');
	};

	useCases.secrets.delete = refuse;
	await t.throwsAsync(useCases.services.accounts.remove(name));
	t.is(Object.values(readConfig(useCases.runtime.env).accounts).length, 1, 'the account is still listed');
});

test('where listing would ask about every entry (the macOS Keychain), a sign-out deletes each secret by the name its record gives and never lists', async t => {
	const useCases = await startUseCases({listsSilently: false});
	t.teardown(async () => useCases.close());
	const name = await useCases.signInAlice();
	const {id} = Object.values(readConfig(useCases.runtime.env).accounts)[0]!;
	await useCases.services.tokens.get({account: name, scopes: ['https://management.azure.com/.default']});
	t.true([...useCases.secrets.entries.keys()].filter(key => key.startsWith(`${id}/access-token/`)).length >= 2, 'two access tokens to remove');
	let listed = 0;
	useCases.secrets.keys = async () => {
		listed++;
		return [];
	};

	await useCases.services.accounts.remove(name);
	t.is(listed, 0);
	t.deepEqual([...useCases.secrets.entries.keys()], []);
	t.deepEqual(Object.keys(readConfig(useCases.runtime.env).accounts), []);
});

test('where listing is silent, a secret no record names (a token whose record was never written) goes too', async t => {
	const useCases = await startUseCases();
	t.teardown(async () => useCases.close());
	const name = await useCases.signInAlice();
	const {id} = Object.values(readConfig(useCases.runtime.env).accounts)[0]!;
	await useCases.secrets.set(`${id}/access-token/never-recorded`, 'x');
	await useCases.services.accounts.remove(name);
	t.deepEqual([...useCases.secrets.entries.keys()], []);
});

test('a delete the keychain refuses is reported with how many are left; every other secret is still deleted', async t => {
	const useCases = await startUseCases();
	t.teardown(async () => useCases.close());
	const name = await useCases.signInAlice();
	const {id} = Object.values(readConfig(useCases.runtime.env).accounts)[0]!;
	const remove = useCases.secrets.delete.bind(useCases.secrets);
	useCases.secrets.delete = async key => {
		if (key.endsWith('/refresh-token')) {
			throw new MsidError('keychain-unavailable', 'The OS keychain is locked: unlock it and try again.');
		}

		return remove(key);
	};

	const error = await t.throwsAsync(useCases.services.accounts.remove(name), {instanceOf: MsidError});
	t.is(error.code, 'keychain-unavailable');
	t.regex(error.message, /^1 of this account's secrets could not be deleted from the keychain, so the account stays listed: The OS keychain is locked/);
	t.deepEqual([...useCases.secrets.entries.keys()], [`${id}/refresh-token`], 'only the refused one is left');
	t.is(Object.values(readConfig(useCases.runtime.env).accounts).length, 1);
});
