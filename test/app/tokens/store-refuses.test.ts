/**
 * A keychain that refuses to store the rotated refresh token (locked meanwhile): msid asks it
 * once more; when it refuses again, the session is lost, and msid says so plainly, with the
 * reason, and marks the account "needs sign-in". Against the emulator, with refresh-token reuse
 * detection (as Auth0 and Okta) and without (as Entra, which keeps a redeemed one usable).
 */
import test from 'ava';
import {MsidError} from '../../../source/model/errors.js';
import {failureOutput} from '../../../source/commands/failure-output.js';
import {readConfig} from '../../../source/storage/config-read.js';
import {startUseCases, type UseCases} from '../helpers/use-cases.js';

const minute = 60_000;

/** What the keychain module reports for a locked Secret Service keyring (storage/keyring-errors.ts). */
const locked = () => new MsidError('keychain-unavailable', 'The OS keychain is locked: unlock it (for example with your desktop login or your keyring app) and try again, or set MSID_STORE=file to keep secrets in a plain file instead.');

async function refusing(t: import('ava').ExecutionContext, refusals: number, reuseDetection = false): Promise<{harness: UseCases; name: string; id: string; attempts: () => number}> {
	const harness = await startUseCases({emulator: {refreshTokenReuseDetection: reuseDetection}});
	t.teardown(async () => harness.close());
	const name = await harness.signInAlice();
	const first = await harness.services.tokens.get({account: name});
	const id = first.accountId;
	harness.clock.advance(first.expiresAt - harness.clock.now() - minute);
	let attempts = 0;
	const set = harness.secrets.set.bind(harness.secrets);
	harness.secrets.set = async (key, value) => {
		if (key === `${id}/refresh-token`) {
			attempts += 1;
			if (attempts <= refusals) {
				throw locked();
			}
		}

		await set(key, value);
	};

	return {harness, name, id, attempts: () => attempts};
}

test('a keychain that refuses the rotated refresh token once: the second try stores it and the refresh succeeds', async t => {
	const {harness, name, id, attempts} = await refusing(t, 1);
	const spent = await harness.secrets.get(`${id}/refresh-token`);
	const token = await harness.services.tokens.get({account: name});
	t.true(token.refreshed);
	t.is(attempts(), 2);
	const stored = await harness.secrets.get(`${id}/refresh-token`);
	t.truthy(stored);
	t.not(stored, spent, 'the rotated refresh token is the one in the store');
	t.is((await harness.services.accounts.get(name)).state, 'valid');
	t.deepEqual(harness.warnings, []);

	// The stored token is the live one: the next refresh is accepted.
	const again = await harness.services.tokens.get({account: name, force: true});
	t.true(again.refreshed);
});

test('a keychain that refuses it twice: msid says the session was lost and why, exits 4 with the sign-in remedy, and marks the account', async t => {
	const {harness, name, id, attempts} = await refusing(t, 2, true);
	const before = readConfig(harness.runtime.env).accounts[id]!;
	const error = await t.throwsAsync(harness.services.tokens.get({account: name}), {instanceOf: MsidError});
	t.is(attempts(), 2, 'one retry, no more');
	t.is(error.code, 'sign-in-required');
	t.is(error.exitCode, 4);
	t.is(error.message, `The session of ${name} was lost: the provider issued a new refresh token and the keychain refused to store it twice (The OS keychain is locked: unlock it (for example with your desktop login or your keyring app) and try again, or set MSID_STORE=file to keep secrets in a plain file instead).`);
	t.deepEqual(error.remedy, {kind: 'sign-in', account: name});

	// What the command line prints: that line, then the command that fixes it.
	const printed = failureOutput(['token'], error);
	t.is(printed.exitCode, 4);
	t.regex(printed.stderr, /^msid: The session of .+ was lost: .*refused to store it twice \(The OS keychain is locked.*\)\. Run: msid login \S+\n$/);

	// The account says why, and its cached token metadata is as it was.
	const after = readConfig(harness.runtime.env).accounts[id]!;
	t.is(after.needsSignIn?.reason, error.message);
	t.deepEqual(after.tokens, before.tokens);
	t.is((await harness.services.accounts.get(name)).state, 'needs-sign-in');

	// A provider with reuse detection (Auth0, Okta) refuses the old refresh token the store
	// still holds; the account stays "needs sign-in" and says so.
	const next = await t.throwsAsync(harness.services.tokens.get({account: name}), {instanceOf: MsidError});
	t.is(next.code, 'sign-in-required');
	t.is(next.exitCode, 4);
	t.is((await harness.services.accounts.get(name)).state, 'needs-sign-in');
});

test('refused twice at a provider that keeps a redeemed refresh token usable (Entra): once the keychain answers, the next call recovers the account', async t => {
	const {harness, name} = await refusing(t, 2);
	const error = await t.throwsAsync(harness.services.tokens.get({account: name}), {instanceOf: MsidError});
	t.is(error.code, 'sign-in-required');
	t.is((await harness.services.accounts.get(name)).state, 'needs-sign-in');
	const token = await harness.services.tokens.get({account: name});
	t.true(token.refreshed);
	t.is((await harness.services.accounts.get(name)).state, 'valid');
});
