/**
 * The resource owner password grant against the Entra emulator.
 */
import test from 'ava';
import {ALICE, BOB, CONTOSO_TENANT_ID, NO_PUBLIC_FLOWS_CLIENT_ID, startEmulator, type Emulator} from '../../../source/emulator/index.js';
import {MsidError} from '../../../source/model/errors.js';
import {passwordFlowWarning, passwordTokens} from '../../../source/identity/password.js';
import {entraSession} from './sessions.js';

const scopes = ['openid', 'profile', 'offline_access', 'User.Read'];

let emulator: Emulator;
test.before(async () => {
	emulator = await startEmulator();
});
test.after.always(async () => emulator?.close());

test('a right password gets validated tokens with a refresh token', async t => {
	const tokens = await passwordTokens(await entraSession(emulator.url), {username: BOB.username, password: BOB.password, scopes});
	t.is(tokens.idClaims?.['preferred_username'], BOB.username);
	t.is(tokens.idClaims?.['tid'], CONTOSO_TENANT_ID);
	t.truthy(tokens.refreshToken);
});

test('a wrong password is AADSTS50126 in one line that never repeats the password', async t => {
	const password = 'definitely-not-it';
	const error = await t.throwsAsync(passwordTokens(await entraSession(emulator.url), {username: ALICE.username, password, scopes}), {instanceOf: MsidError});
	t.regex(error.message, /AADSTS50126/);
	t.regex(error.message, /invalid username or password/);
	t.false(error.message.includes('\n'));
	t.false(`${error.message}${error.hint ?? ''}`.includes(password));
});

test('an app without public client flows says how to enable them', async t => {
	const session = await entraSession(emulator.url, {clientId: NO_PUBLIC_FLOWS_CLIENT_ID});
	const error = await t.throwsAsync(passwordTokens(session, {username: ALICE.username, password: ALICE.password, scopes}), {instanceOf: MsidError});
	t.regex(error.message, /AADSTS7000218/);
	t.is(error.remedy?.kind, 'app-registration');
	t.regex(error.remedy?.kind === 'app-registration' ? error.remedy.what : '', /Allow public client flows/);
});

test('the warning says deprecated and no multi-factor authentication', t => {
	t.regex(passwordFlowWarning, /deprecated/);
	t.regex(passwordFlowWarning, /multi-factor/);
	t.false(passwordFlowWarning.includes('\n'));
});
