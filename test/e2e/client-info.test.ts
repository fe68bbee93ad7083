/**
 * Entra's client_info names the person (home object id and home tenant) whatever tenant they
 * signed in to: alice signing in at her home tenant and then at Fabrikam, where she is a guest
 * with another object id, is one account, whose home tenant stays Contoso.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {ALICE, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID} from '../../source/emulator/index.js';
import type {ConfigData} from '../../source/model/account.js';
import {parseClientInfo} from '../../source/identity/client-info.js';
import {approveOnEmulator, emulatorPerTestFile, keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv} from '../helpers/cli.js';

const keyring = keychainPerTestFile();
const emulator = emulatorPerTestFile();

test('a guest sign-in at another tenant is the same account, with its home tenant recorded right', async t => {
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator().url});
	await signIn(msid.env, [], approveOnEmulator(ALICE.username));
	await signIn(msid.env, ['--tenant', 'fabrikam.onmicrosoft.com'], approveOnEmulator(ALICE.username));
	const config = JSON.parse(await readFile(path.join(msid.configDir, 'config.json'), 'utf8')) as ConfigData;
	const accounts = Object.values(config.accounts);
	t.is(accounts.length, 1, JSON.stringify(accounts.map(account => account.name)));
	t.is(accounts[0]?.homeTenantId, CONTOSO_TENANT_ID);
	t.is(accounts[0]?.activeTenantId, FABRIKAM_TENANT_ID);
	t.is(accounts[0]?.subject, ALICE.oid, 'the person is named by the home object id, not the guest one');
});

test('client_info is decoded strictly: base64url JSON with uid and utid, anything else ignored', t => {
	const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	t.deepEqual(parseClientInfo(encode({uid: ALICE.oid, utid: CONTOSO_TENANT_ID})), {uid: ALICE.oid, utid: CONTOSO_TENANT_ID});
	for (const bad of [undefined, 42, '', 'not base64 json', encode({uid: ALICE.oid}), encode({uid: 'a\nb', utid: CONTOSO_TENANT_ID}), encode({uid: 1, utid: 2}), 'x'.repeat(2000)]) {
		t.is(parseClientInfo(bad), undefined, String(bad).slice(0, 40));
	}
});
