/**
 * The fresh-token service in-process, against the emulator over real HTTP on loopback: when it
 * refreshes, what skips the cache, and the order in which it stores what a refresh returns.
 */
import test from 'ava';
import {readConfig} from '../../../source/storage/config-read.js';
import {startUseCases, type UseCases} from '../helpers/use-cases.js';

const minute = 60_000;

async function signedIn(t: import('ava').ExecutionContext): Promise<{harness: UseCases; name: string; expiresAt: number}> {
	const harness = await startUseCases();
	t.teardown(async () => harness.close());
	const name = await harness.signInAlice();
	const first = await harness.services.tokens.get({account: name});
	return {harness, name, expiresAt: first.expiresAt};
}

const tokenRequests = (harness: UseCases) => harness.emulator.stats.count('token');
const setNow = (harness: UseCases, at: number) => harness.clock.advance(at - harness.clock.now());

for (const [left, refreshes] of [[5 * minute + 1000, false], [5 * minute, false], [5 * minute - 1000, true]] as const) {
	test(`a one-hour token with ${left / 1000} s left is ${refreshes ? 'refreshed' : 'served from the cache'}`, async t => {
		const {harness, name, expiresAt} = await signedIn(t);
		setNow(harness, expiresAt - left);
		const before = tokenRequests(harness);
		const token = await harness.services.tokens.get({account: name});
		t.is(token.refreshed, refreshes);
		t.is(tokenRequests(harness) - before, refreshes ? 1 : 0);
	});
}

test('force skips a fresh cached token', async t => {
	const {harness, name} = await signedIn(t);
	const before = tokenRequests(harness);
	const token = await harness.services.tokens.get({account: name, force: true});
	t.true(token.refreshed);
	t.is(tokenRequests(harness) - before, 1);
});

test('a claims challenge skips a fresh cached token and reaches the server', async t => {
	const {harness, name} = await signedIn(t);
	const before = tokenRequests(harness);
	// The shape of a continuous access evaluation challenge after a revocation event.
	const claims = JSON.stringify({access_token: {nbf: {essential: true, value: String(Math.floor(harness.clock.now() / 1000))}}});
	const token = await harness.services.tokens.get({account: name, claims});
	t.true(token.refreshed);
	t.is(tokenRequests(harness) - before, 1);
});

test('a refresh stores the rotated refresh token before the access token, and config last', async t => {
	const {harness, name, expiresAt} = await signedIn(t);
	setNow(harness, expiresAt - minute);
	harness.secrets.operations.length = 0;
	const configBefore = JSON.stringify(readConfig(harness.runtime.env));
	const token = await harness.services.tokens.get({account: name});
	t.true(token.refreshed);
	const writes = harness.secrets.operations.filter(operation => operation.op === 'set').map(operation => operation.key.replace(/^[^/]+\//, ''));
	t.is(writes[0], 'refresh-token', `writes in order: ${writes.join(', ')}`);
	t.true(writes.some(key => key.startsWith('access-token/')));
	t.not(JSON.stringify(readConfig(harness.runtime.env)), configBefore, 'the metadata was updated after the secrets');
});
