import './helpers/force-color.js';
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {FakeServices, fakeJwt, makeAccount, makeToken} from '../helpers/fake-services.js';
import {cleanupDashboards, keys, renderDashboard} from './helpers/dashboard-harness.js';
import {auditedAccount} from './helpers/samples.js';

test.after.always(cleanupDashboards);

test('s opens the audit: requested, granted, missing, extra and risky with reasons, then the claims', async t => {
	const services = new FakeServices({accounts: [auditedAccount()]});
	const dashboard = renderDashboard(services, {columns: 100, rows: 40});
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('s');
	const screen = await dashboard.waitForScreen('Claims (decoded for display, not validated)');
	t.regex(screen, /Scope audit · token 1\/2 · alice@contoso\.com/);
	t.regex(screen, /Requested +openid profile offline_access https:\/\/graph\.microsoft\.com\/User\.Read Calendars\.Read/);
	t.regex(screen, /Granted +openid profile email User\.Read Mail\.Send/);
	t.regex(screen, /Missing +Calendars\.Read/);
	t.regex(screen, /Extra +Mail\.Send/);
	t.regex(screen, /offline_access +yes/);
	t.regex(screen, /Risky \(1\)\n +! Mail\.Send +Can send mail as the user/);
	t.regex(screen, /aud +https:\/\/graph\.microsoft\.com/);
	t.regex(screen, /scp +User\.Read Mail\.Send/);
	t.regex(screen, /upn +alice@contoso\.com/);
	t.regex(screen, /exp +2025-01-01T13:00:00Z/);
	const token = services.accessTokenFor(services.record('alice@contoso.com'));
	t.false(screen.includes(token.split('.')[1]!.slice(0, 16)), 'no part of the token is shown');
	t.false(screen.includes('fake-signature'));
	t.like(services.calls.tokens.at(-1), {account: 'acc-alice', scopes: ['openid', 'profile', 'offline_access', 'https://graph.microsoft.com/User.Read', 'Calendars.Read']});
	dashboard.unmount();
});

test('←/→ switch between the account\'s tokens and Esc goes back to the same account', async t => {
	const services = new FakeServices({accounts: [auditedAccount()]});
	const dashboard = renderDashboard(services, {columns: 100, rows: 40});
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('s');
	await dashboard.waitForScreen('Missing');
	dashboard.press(keys.right);
	const screen = await dashboard.waitForScreen('token 2/2');
	await dashboard.waitForScreen(/! https:\/\/management\.azure\.com\/user_impersonation\n +Acts as the user/);
	t.regex(screen, /Scope audit/);
	dashboard.press(keys.escape);
	await dashboard.waitForScreen('Alice Example');
	dashboard.unmount();
});

test('an application token with .default and roles is flagged', async t => {
	const app = makeAccount({
		id: 'acc-daemon',
		name: 'daemon@contoso',
		kind: 'application',
		flow: 'client-secret',
		username: undefined,
		displayName: 'Nightly export',
		scopes: ['https://graph.microsoft.com/.default'],
		tokens: {'t|.default': makeToken({scopes: ['https://graph.microsoft.com/.default'], grantedScopes: []})},
	});
	const services = new FakeServices({accounts: [app]});
	services.accessTokens.set('acc-daemon', fakeJwt({aud: 'https://graph.microsoft.com', roles: ['User.Read.All', 'Directory.ReadWrite.All'], tid: 't', exp: 1_735_740_000}));
	const dashboard = renderDashboard(services, {columns: 120, rows: 40});
	await dashboard.waitForScreen('Nightly export');
	dashboard.press('s');
	const screen = await dashboard.waitForScreen('Risky (3)');
	t.regex(screen, /App permissions +User\.Read\.All Directory\.ReadWrite\.All/);
	t.regex(screen, /! https:\/\/graph\.microsoft\.com\/\.default\n +App token with \.default/);
	t.regex(screen, /! Directory\.ReadWrite\.All +Can change the whole directory/);
	t.regex(screen, /roles +User\.Read\.All Directory\.ReadWrite\.All/);
	dashboard.unmount();
});

test('an opaque token is audited from the response alone', async t => {
	const services = new FakeServices({accounts: [auditedAccount()]});
	services.accessTokens.set('acc-alice', 'opaque-reference-token');
	const dashboard = renderDashboard(services, {columns: 100, rows: 40});
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('s');
	const screen = await dashboard.waitForScreen('not a readable JWT');
	t.regex(screen, /Missing +Calendars\.Read/);
	t.false(screen.includes('opaque-reference-token'));
	dashboard.unmount();
});

test('a token that cannot be had is a notice in the audit view', async t => {
	const services = new FakeServices({accounts: [auditedAccount()]});
	services.failNext('tokens.get', new MsidError('network', 'Cannot reach login.microsoftonline.com: the network is down.'));
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('s');
	await dashboard.waitForScreen('! Cannot reach login.microsoftonline.com: the network is down.');
	dashboard.press('q');
	const screen = await dashboard.waitForScreen('Alice Example');
	t.notRegex(screen, /Scope audit/i, 'q leaves the audit view');
	dashboard.unmount();
});

test('a short terminal scrolls the audit instead of cutting lines off', async t => {
	const services = new FakeServices({accounts: [auditedAccount()]});
	const dashboard = renderDashboard(services, {columns: 80, rows: 16});
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('s');
	let screen = await dashboard.waitForScreen(/↓ \d+ more \(j\)/);
	t.false(screen.includes('  exp '));
	for (let index = 0; index < 20; index++) {
		dashboard.press('j');
	}

	screen = await dashboard.waitForScreen(/↑ \d+ above \(k\)/);
	t.regex(screen, / {2}exp +2025-01-01T13:00:00Z/);
	dashboard.unmount();
});
