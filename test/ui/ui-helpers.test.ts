import test from 'ava';
import type {Key} from 'ink';
import {ClipboardKeeper} from '../../source/ui/clipboard-keeper.js';
import {blockText} from '../../source/ui/components/block-font.js';
import {fittingHints, hintKeys} from '../../source/ui/components/key-hints.js';
import {halfBlockRows} from '../../source/ui/components/half-blocks.js';
import {qrRows} from '../../source/ui/components/qr-code.js';
import {formatAgo, formatCountdown, truncate, wrapWords} from '../../source/ui/format.js';
import {isTypedText, keymapSections, mainKeys, matchAction} from '../../source/ui/keymap.js';
import {addAccountReducer, initialAddAccountState, placeholderFor, toSignInRequest} from '../../source/ui/screens/add-account-state.js';
import {initialMainState, mainReducer} from '../../source/ui/screens/main-state.js';
import {initialSignInState, signInReducer} from '../../source/ui/screens/sign-in-state.js';
import {SecondTicker} from '../../source/ui/second-ticker.js';
import {colorFromEnv, createTheme} from '../../source/ui/theme.js';
import {FakeClipboard, FakeClock, FakeServices, sampleAccounts} from '../helpers/fake-services.js';

function key(overrides: Partial<Key> = {}): Key {
	return {
		upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
		return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
		super: false, hyper: false, capsLock: false, numLock: false, ...overrides,
	};
}

test('countdowns read mm:ss below an hour and h:mm:ss above, rounding seconds up', t => {
	t.is(formatCountdown(0), '00:00');
	t.is(formatCountdown(-5000), '00:00');
	t.is(formatCountdown(1), '00:01');
	t.is(formatCountdown(299_000), '04:59');
	t.is(formatCountdown(3_599_000), '59:59');
	t.is(formatCountdown(3_600_000), '1:00:00');
	t.is(formatCountdown(36_061_000), '10:01:01');
});

test('elapsed time reads as a person would say it', t => {
	t.is(formatAgo(2000), 'just now');
	t.is(formatAgo(45_000), '45 s ago');
	t.is(formatAgo(12 * 60_000), '12 min ago');
	t.is(formatAgo(3 * 3_600_000), '3 h ago');
	t.is(formatAgo(72 * 3_600_000), '3 d ago');
});

test('truncate and wrap never exceed the width', t => {
	t.is(truncate('abcdef', 4), 'abc…');
	t.is(truncate('abc', 4), 'abc');
	t.is(truncate('abc', 0), '');
	t.deepEqual(wrapWords('one two three four', 9), ['one two', 'three', 'four']);
	t.deepEqual(wrapWords('averyveryverylongword x', 6), ['avery…', 'x']);
});

test('keys are matched from the keymap, including arrows, Enter and shifted letters', t => {
	t.is(matchAction(mainKeys, 'j', key()), 'down');
	t.is(matchAction(mainKeys, '', key({downArrow: true})), 'down');
	t.is(matchAction(mainKeys, '\r', key({return: true})), 'default');
	t.is(matchAction(mainKeys, 'c', key()), 'copy');
	t.is(matchAction(mainKeys, 'C', key({shift: true})), 'copy-header');
	t.is(matchAction(mainKeys, 'c', key({ctrl: true})), undefined);
	t.is(matchAction(mainKeys, 'x', key({meta: true})), undefined);
	t.true(isTypedText('a', key()));
	t.false(isTypedText('\u001B', key({escape: true})));
	t.false(isTypedText('\t', key({tab: true})));
});

test('every key in the keymap is documented, and the hint bar keeps ? and q when space runs out', t => {
	for (const section of keymapSections) {
		for (const binding of section.bindings) {
			t.true(binding.description.length > 0 && binding.keys.length > 0, `${section.title}: ${binding.action}`);
		}
	}

	const narrow = fittingHints(mainKeys, 30).map(binding => binding.action);
	t.true(narrow.includes('help'));
	t.true(narrow.includes('quit'));
	t.true(fittingHints(mainKeys, 400).length > narrow.length);
	t.is(hintKeys(mainKeys.find(binding => binding.action === 'down')!), '↑↓');
});

test('half blocks pack two pixel rows into one text row', t => {
	t.deepEqual(halfBlockRows([[true, false, true, false], [true, true, false, false]]), ['█▄▀ ']);
	t.deepEqual(halfBlockRows([[true], [false], [false]]), ['▀', ' ']);
});

test('the block font draws a user code three rows high, four columns a character', t => {
	const rows = blockText('A1-');
	t.is(rows.length, 3);
	t.deepEqual(rows, ['▄▀▄ ▄█', '█▀█  █  ▀▀▀', '▀ ▀ ▀▀▀']);
});

test('QR rows are square and one module of quiet zone wide', t => {
	const rows = qrRows('https://microsoft.com/devicelogin')!;
	const width = [...rows[0]!].length;
	t.is(width, 29 + 2);
	t.is(rows.length, Math.ceil(width / 2));
	t.true(rows.every(row => [...row].length === width));
	// Light quiet zone above and left, then the dark top edge of the finder pattern.
	t.true(rows[0]!.startsWith('█▀▀▀▀▀▀▀█'));
});

test('the theme drops colour for NO_COLOR', t => {
	t.true(colorFromEnv({}));
	t.true(colorFromEnv({NO_COLOR: ''}));
	t.false(colorFromEnv({NO_COLOR: '1'}));
	t.is(createTheme({color: false}).colorOf('bad'), undefined);
	t.is(createTheme({color: true}).colorOf('bad'), 'red');
	t.deepEqual(createTheme({color: false}).qr, {});
});

test('the ticker beats on whole seconds and stops when nobody watches', async t => {
	const clock = new FakeClock(1_000_500);
	const ticker = new SecondTicker(clock);
	const beats: number[] = [];
	const unsubscribe = ticker.subscribe(() => beats.push(ticker.now()));
	await clock.advance(500);
	await clock.advance(1000);
	await clock.advance(999);
	t.deepEqual(beats, [1_001_000, 1_002_000]);
	unsubscribe();
	t.is(clock.pendingSleeps, 0);
});

test('the clipboard keeper clears only its own secret, once', async t => {
	const clock = new FakeClock();
	const clipboard = new FakeClipboard();
	const keeper = new ClipboardKeeper(clipboard, clock);
	await keeper.copySecret('s3cret', 'the access token');
	t.like(keeper.getStatus(), {state: 'holding', what: 'the access token', clearsAt: clock.now() + 45_000});
	await clock.advance(45_000);
	t.is(clipboard.text, '');
	t.is(keeper.getStatus().state, 'cleared');
	await keeper.dispose();
	t.deepEqual(clipboard.writes, ['s3cret', '']);
});

test('the accounts reducer keeps the selection on a visible account', t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	let state = initialMainState({selectId: 'acc-carol'});
	const accounts = [...services.store.values()].map(record => ({record, isDefault: record.id === 'acc-alice', state: 'valid' as const, insecureStore: false}));
	state = mainReducer(state, {type: 'loaded', accounts});
	t.is(state.selectedId, 'acc-carol');
	state = mainReducer(state, {type: 'filter-type', text: 'bob'});
	t.is(state.selectedId, 'acc-bob');
	state = mainReducer(state, {type: 'move', delta: 5});
	t.is(state.selectedId, 'acc-bob');
	state = mainReducer(state, {type: 'filter-clear'});
	state = mainReducer(state, {type: 'move', delta: -1});
	t.is(state.selectedId, 'acc-alice');
	state = mainReducer(state, {type: 'pick-tenant', accountId: 'acc-alice'});
	t.deepEqual(state.mode, {kind: 'pick-tenant', accountId: 'acc-alice', cursor: 0});
	state = mainReducer(state, {type: 'tenant-move', delta: 9});
	t.deepEqual(state.mode, {kind: 'pick-tenant', accountId: 'acc-alice', cursor: 1});
});

test('the sign-in reducer ignores events once the sign-in is over', t => {
	let state = signInReducer(initialSignInState, {type: 'event', event: {type: 'code', userCode: 'X', verificationUri: 'u', expiresAt: 1, interval: 5}});
	t.is(state.phase, 'waiting');
	state = signInReducer(state, {type: 'code-expired'});
	state = signInReducer(state, {type: 'event', event: {type: 'pending', polls: 9, interval: 5, nextPollAt: 2}});
	t.is(state.phase, 'expired');
	t.is(state.polls, 0);
	state = signInReducer(state, {type: 'retry'});
	t.is(state.phase, 'starting');
	t.is(state.attempt, 1);
});

test('switching provider swaps only untouched default scopes', t => {
	let state = addAccountReducer(initialAddAccountState, {type: 'cycle-provider', delta: 1});
	t.is(state.provider, 'auth0');
	t.is(state.values.scopes, 'openid profile offline_access');
	state = addAccountReducer(state, {type: 'move', delta: -1});
	t.is(state.focus, 'name');
	state = addAccountReducer(state, {type: 'type', text: 'work'});
	t.deepEqual(toSignInRequest(state), {error: 'Auth0 sign-in needs the issuer URL.'});
	t.deepEqual(toSignInRequest(initialAddAccountState), {request: {provider: 'entra', flow: 'device-code', tenant: 'organizations', scopes: ['openid', 'profile', 'offline_access', 'User.Read']}});
});

test('the form offers B2C (browser sign-in, msid login\'s own default scopes) and External ID (device code)', t => {
	const cycled = (times: number) => {
		let state = initialAddAccountState;
		for (let index = 0; index < times; index++) {
			state = addAccountReducer(state, {type: 'cycle-provider', delta: 1});
		}

		return state;
	};

	const withIssuer = (state: typeof initialAddAccountState, issuer: string) => ({...state, values: {...state.values, issuer, clientId: 'app'}});
	const b2c = cycled(3);
	t.is(b2c.provider, 'b2c');
	t.is(b2c.values.scopes, '');
	t.deepEqual(toSignInRequest({...b2c, values: {...b2c.values, clientId: 'app'}}), {error: 'B2C sign-in needs the user flow\'s authority URL.'});
	t.deepEqual(toSignInRequest(withIssuer(b2c, 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/v2.0')), {
		request: {provider: 'b2c', flow: 'browser', issuer: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/v2.0', clientId: 'app'},
	});
	const ciam = cycled(4);
	t.is(ciam.provider, 'ciam');
	t.deepEqual(toSignInRequest(withIssuer(ciam, 'https://contoso.ciamlogin.com/')), {
		request: {provider: 'ciam', flow: 'device-code', issuer: 'https://contoso.ciamlogin.com/', clientId: 'app', scopes: ['openid', 'profile', 'offline_access']},
	});
	t.is(cycled(5).provider, 'entra', 'round again');
	t.is(placeholderFor('issuer', 'b2c'), 'https://TENANT.b2clogin.com/TENANT.onmicrosoft.com/B2C_1_FLOW/v2.0');
	t.is(placeholderFor('scopes', 'b2c'), 'openid offline_access and the client id');
	t.is(placeholderFor('scopes', 'entra'), '');
});
