/**
 * The refresh rule (app/accounts/refresh-rule.ts) on both sides of each boundary, the faces that
 * judge an account by it, and the token service over the in-process emulator on a virtual clock.
 */
import {createShield} from '../../source/system/shield.js';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {accountState} from '../../source/app/accounts/account-state.js';
import {freshUntil, freshUntilSeconds, isFresh, judgedToken, refreshWindowMs, tokenState} from '../../source/app/accounts/refresh-rule.js';
import {signInEvents} from '../../source/app/sign-in/sign-in.js';
import {createTokenService} from '../../source/app/tokens/token-service.js';
import {renderList} from '../../source/commands/list.js';
import {ALICE, CONTOSO_TENANT_ID} from '../../source/emulator/directory.js';
import {startEmulator} from '../../source/emulator/index.js';
import type {AccountRecord, TokenRecord} from '../../source/model/account.js';
import type {AccountView} from '../../source/model/services.js';
import {MemoryStore} from '../../source/storage/memory-store.js';
import {liveState} from '../../source/ui/account-status.js';
import {VirtualClock} from '../helpers/virtual-clock.js';

const second = 1000;
const minute = 60 * second;
const start = 1_800_000_000_000;

const token = (lifetimeMs: number, extra: Partial<TokenRecord> = {}): TokenRecord => ({
	scopes: ['User.Read'],
	grantedScopes: ['User.Read'],
	obtainedAt: start,
	expiresAt: start + lifetimeMs,
	tokenType: 'Bearer',
	...extra,
});

/** `now` for a token with `remainingMs` left. */
const leaving = (record: TokenRecord, remainingMs: number) => record.expiresAt - remainingMs;

test('a long token is renewed with under 5 minutes left: 4:59 refreshes, 5:00 and 5:01 do not', t => {
	const hour = token(60 * minute);
	t.false(isFresh(hour, leaving(hour, 4 * minute + 59 * second)));
	t.false(isFresh(hour, leaving(hour, 5 * minute - 1)));
	t.true(isFresh(hour, leaving(hour, 5 * minute)));
	t.true(isFresh(hour, leaving(hour, 5 * minute + second)));
	t.is(refreshWindowMs(hour), 5 * minute);
});

test('a short token is renewed with under half its lifetime left, not at every call', t => {
	const five = token(5 * minute);
	t.is(refreshWindowMs(five), 2.5 * minute);
	t.false(isFresh(five, leaving(five, 2.5 * minute - 1)));
	t.true(isFresh(five, leaving(five, 2.5 * minute)));
	t.true(isFresh(five, leaving(five, 2.5 * minute + second)));
	t.true(isFresh(five, five.obtainedAt), 'just obtained');
});

test('the two halves of the rule meet at a 10-minute lifetime', t => {
	t.is(refreshWindowMs(token(10 * minute - 2 * second)), 5 * minute - second, 'just under: half the lifetime');
	t.is(refreshWindowMs(token(10 * minute)), 5 * minute);
	t.is(refreshWindowMs(token(10 * minute + 2 * second)), 5 * minute, 'just over: the 5-minute cap');
});

test('a token obtained after its expiry (a clock jump) is never fresh once expired', t => {
	const odd = token(-minute);
	t.is(refreshWindowMs(odd), 0);
	t.false(isFresh(odd, odd.expiresAt + 1));
	t.false(isFresh(undefined, start));
});

test('a server-named refresh moment earlier than the rule wins', t => {
	const hour = token(60 * minute, {refreshAt: start + 30 * minute} as Partial<TokenRecord>);
	t.true(isFresh(hour, start + 30 * minute - 1));
	t.false(isFresh(hour, start + 30 * minute));
	t.is(freshUntil(token(60 * minute)), start + 55 * minute);
});

test('the hooks get the last fresh second, so they never renew before the service would', t => {
	const hour = token(60 * minute);
	t.is(freshUntilSeconds(hour), (start + 55 * minute) / 1000);
	const odd = token(5 * minute + 1);
	// 150000.5 ms before expiry: the second is rounded down, and the hook renews only past it.
	t.is(freshUntilSeconds(odd), Math.floor(freshUntil(odd) / 1000));
	t.true((freshUntilSeconds(odd) + 1) * 1000 > freshUntil(odd));
});

test('token states: valid, expiring (due), expired', t => {
	const hour = token(60 * minute);
	t.is(tokenState(hour, leaving(hour, 5 * minute)), 'valid');
	t.is(tokenState(hour, leaving(hour, 5 * minute - 1)), 'expiring');
	t.is(tokenState(hour, leaving(hour, 1)), 'expiring');
	t.is(tokenState(hour, leaving(hour, 0)), 'expired-refreshable');
});

function account(tokens: Record<string, TokenRecord>): AccountRecord {
	return {
		id: 'a1',
		name: 'me@contoso',
		kind: 'user',
		provider: {kind: 'entra', clientId: 'c'},
		flow: 'device-code',
		scopes: ['User.Read'],
		tenants: [],
		store: 'keychain',
		createdAt: start,
		tokens,
	};
}

test('msid list and the dashboard judge an account by the same token, the one that expires last', t => {
	// The newest token is the shorter one: judged by it, list said "expiring" while the dashboard said "valid".
	const older = token(60 * minute);
	const newer = token(10 * minute, {obtainedAt: start + 50 * minute, expiresAt: start + 52 * minute});
	const record = account({graph: older, arm: newer});
	t.is(judgedToken(record.tokens), older);
	for (const now of [start, start + 51 * minute, start + 55 * minute + 1, start + 60 * minute]) {
		const listed = accountState(record, now);
		const view: AccountView = {record, isDefault: true, state: listed, insecureStore: false};
		t.is(liveState(view, now), listed, `at +${(now - start) / minute} min`);
	}

	t.is(accountState(record, start + 51 * minute), 'valid');
	t.regex(renderList([{record, isDefault: true, state: 'valid', insecureStore: false}], start + 51 * minute), /valid\s+9 min/);
});

test('300-second tokens: ten msid token calls over 60 s refresh nothing after the first token', async t => {
	const clock = new VirtualClock(Date.now());
	const emulator = await startEmulator({clock, accessTokenLifetimeSeconds: 300});
	const configDir = await mkdtemp(path.join(tmpdir(), 'msid-rule-'));
	try {
		const runtime = {
			env: {MSID_CONFIG_DIR: configDir, AZURE_AUTHORITY_HOST: emulator.url},
			clock,
			fetch: globalThis.fetch,
			secrets: new MemoryStore(),
			configDir,
			shield: createShield(),
			warn() {},
		};
		const events = signInEvents(runtime, {flow: 'password', tenant: CONTOSO_TENANT_ID, username: ALICE.username, password: ALICE.password}, {openBrowser: async () => false});
		for await (const event of events) {
			if (event.type === 'failure') {
				throw event.error;
			}
		}

		const tokens = createTokenService(runtime);
		const first = await tokens.get({});
		const grantsAfterSignIn = emulator.stats.count('token');
		const seen = new Set([first.accessToken]);
		for (let call = 0; call < 10; call++) {
			clock.advance(6 * second);
			const again = await tokens.get({});
			t.false(again.refreshed, `call ${call + 1} at +${(call + 1) * 6} s`);
			seen.add(again.accessToken);
		}

		t.is(emulator.stats.count('token'), grantsAfterSignIn, 'no token request after the first token');
		t.is(seen.size, 1);

		// The other side of the boundary: past half the lifetime, the next call renews.
		clock.advance(first.expiresAt - 150 * second - clock.now() + 1);
		const refreshesBefore = emulator.stats.count('token', 'refresh_token');
		t.true((await tokens.get({})).refreshed);
		t.is(emulator.stats.count('token', 'refresh_token'), refreshesBefore + 1);
	} finally {
		await emulator.close();
		await rm(configDir, {recursive: true, force: true});
	}
});
