/**
 * Signing an account out removes its secrets first and its config entry last: when the
 * keychain refuses a delete, the account stays listed, so the user can see it and try again,
 * instead of a refresh token left in the keychain that no command would ever remove.
 */
import test from 'ava';
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
