/**
 * A name selects exactly one account: names are kept unique at sign-in (the suffix says what
 * differs: the authority or the client id), and a name or prefix that matches several accounts
 * is an error that lists them, never a silent pick.
 */
import test from 'ava';
import {startEmulator} from '../../../source/emulator/index.js';
import {MsidError} from '../../../source/model/errors.js';
import {findAccount, uniqueName} from '../../../source/app/accounts/lookup.js';
import type {AccountRecord, ConfigData, ProviderRecord} from '../../../source/model/account.js';
import {sampleAccount} from '../../storage/fixtures/sample-account.js';
import {startUseCases} from '../helpers/use-cases.js';

const global: ProviderRecord = {kind: 'entra', cloud: 'global', authorityHost: 'https://login.microsoftonline.com', clientId: '14d82eec-204b-4c2f-b7e8-296a70dab67e'};
const usgov: ProviderRecord = {...global, cloud: 'usgov', authorityHost: 'https://login.microsoftonline.us'};

function config(...accounts: AccountRecord[]): ConfigData {
	return {version: 1, accounts: Object.fromEntries(accounts.map(account => [account.id, account]))};
}

function account(id: string, name: string, provider: ProviderRecord): AccountRecord {
	return {...sampleAccount(id), name, provider};
}

test('a free name is kept as it is', t => {
	t.is(uniqueName(config(account('a', 'bob@contoso.com', global)), 'alice@contoso.com', 'b', global), 'alice@contoso.com');
	t.is(uniqueName(config(account('a', 'alice@contoso.com', global)), 'alice@contoso.com', 'a', global), 'alice@contoso.com', 'an account keeps its own name');
});

test('the same person at another authority gets the authority as a suffix', t => {
	t.is(uniqueName(config(account('a', 'alice@contoso.com', global)), 'alice@contoso.com', 'b', usgov), 'alice@contoso.com/login.microsoftonline.us');
});

test('the same person with another client id gets the client id as a suffix', t => {
	const other = {...global, clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46'};
	t.is(uniqueName(config(account('a', 'alice@contoso.com', global)), 'alice@contoso.com', 'b', other), 'alice@contoso.com/04b07795');
});

test('a suffixed name that is taken too gets a number', t => {
	const existing = config(account('a', 'alice@contoso.com', global), account('b', 'alice@contoso.com/login.microsoftonline.us', usgov));
	t.is(uniqueName(existing, 'alice@contoso.com', 'c', usgov), 'alice@contoso.com/login.microsoftonline.us/2');
});

test('one name held by two accounts (an older config) is an error that lists both', t => {
	const existing = config(account('a', 'alice@contoso.com', global), account('b', 'alice@contoso.com', usgov));
	const error = t.throws(() => findAccount(existing, 'alice@contoso.com'), {instanceOf: MsidError});
	t.is(error?.code, 'ambiguous-account');
	t.deepEqual(error?.remedy, {kind: 'choose-account', candidates: ['alice@contoso.com', 'alice@contoso.com']});
	t.is(findAccount(existing, 'b').id, 'b', 'the id still selects one');
});

test('an ambiguous prefix lists the candidates', t => {
	const existing = config(account('a', 'alice@contoso.com', global), account('b', 'alan@contoso.com', global));
	const error = t.throws(() => findAccount(existing, 'al'), {instanceOf: MsidError});
	t.is(error?.code, 'ambiguous-account');
	t.deepEqual(error?.remedy, {kind: 'choose-account', candidates: ['alice@contoso.com', 'alan@contoso.com']});
	t.regex(error?.message ?? '', /"al" matches 2 accounts: alice@contoso\.com, alan@contoso\.com\./);
	t.is(findAccount(existing, 'ali').id, 'a');
});

test('signing the same user in at two authorities gives two names that each select one account', async t => {
	const useCases = await startUseCases();
	t.teardown(async () => useCases.close());
	const first = await useCases.signInAlice();
	const second = await startEmulator({clock: useCases.clock});
	t.teardown(async () => second.close());
	useCases.runtime.env['AZURE_AUTHORITY_HOST'] = second.url;
	const other = await useCases.signInAlice();
	t.not(first, other);
	t.is(other, `${first}/${new URL(second.url).host}`);
	t.not((await useCases.services.accounts.get(first)).record.id, (await useCases.services.accounts.get(other)).record.id);
});
