import './helpers/force-color.js';
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {FakeServices, fabrikamTenant, sampleAccounts} from '../helpers/fake-services.js';
import {cleanupDashboards, keys, renderDashboard, type Dashboard} from './helpers/dashboard-harness.js';

test.after.always(cleanupDashboards);

function dashboardWithSamples(options: {columns?: number; rows?: number} = {}): Dashboard {
	return renderDashboard(new FakeServices({accounts: sampleAccounts()}), options);
}

/** The list line of an account (the left pane, up to the separator). */
function listLine(screen: string, name: string): string {
	return screen.split('\n').map(line => line.split('│')[0]!).find(left => left.includes(name)) ?? '';
}

test('lists accounts with their tenants, the default and a state badge each', async t => {
	const dashboard = dashboardWithSamples();
	const screen = await dashboard.waitForScreen('carol@contoso.com');
	t.regex(listLine(screen, 'alice@contoso.com'), /^›\* alice@contoso\.com +valid $/);
	t.regex(listLine(screen, 'bob@fabrikam.com'), /^ {3}bob@fabrikam\.com +expiring $/);
	t.regex(listLine(screen, 'carol@contoso.com'), /^ {3}carol@contoso\.com +sign in $/);
	const lines = screen.split('\n').map(line => line.split('│')[0]!.trimEnd());
	const alice = lines.findIndex(line => line.includes('alice@'));
	t.deepEqual(lines.slice(alice + 1, alice + 3), ['   ● Contoso', '   ○ Fabrikam']);
	t.regex(screen, /msid · 3 accounts +secrets: keychain/);
	dashboard.unmount();
});

test('the detail pane shows identity, provider, tokens with a countdown and the secret store', async t => {
	const dashboard = dashboardWithSamples();
	const screen = await dashboard.waitForScreen('Client id');
	for (const expected of [
		/Alice Example \(default\)/,
		/Username +alice@contoso\.com/,
		/Object id +3f2a8c51-7a1e-4f25-9c2b-8d9e0f1a2b3c/,
		/Tenant +Contoso \(contoso\.com\)/,
		/Tenant id +72f988bf-86f1-41af-91ab-2d7cd011db47/,
		/Provider +entra · global · device-code/,
		/Client id +14d82eec-204b-4c2f-b7e8-296a70dab67e/,
		/Secrets +OS keychain/,
		/Refreshed +just now/,
		/1:00:00 +User\.Read/,
	]) {
		t.regex(screen, expected);
	}

	dashboard.unmount();
});

test('an account in the insecure file store is flagged in the list, the pane and the title', async t => {
	const [alice] = sampleAccounts();
	const services = new FakeServices({accounts: [{...alice!, store: 'file'}], storeKind: 'file'});
	const dashboard = renderDashboard(services);
	const screen = await dashboard.waitForScreen('Secrets');
	t.regex(listLine(screen, 'alice@'), /valid file! $/);
	t.regex(screen, /secrets: FILE \(insecure\)/);
	t.regex(screen, /Secrets +file \(insecure: MSID_STORE=file\)/);
	dashboard.unmount();
});

test('up/down and j/k move the selection and the pane follows', async t => {
	const dashboard = dashboardWithSamples();
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('j');
	await dashboard.waitForScreen(screen => listLine(screen, 'bob@').startsWith('›') && screen.includes('Bob Builder'));
	dashboard.press(keys.down);
	await dashboard.waitForScreen('Carol Jones');
	dashboard.press(keys.down);
	await dashboard.waitForScreen('Carol Jones');
	dashboard.press('k', keys.up);
	const screen = await dashboard.waitForScreen(screen => listLine(screen, 'alice@').startsWith('›*'));
	t.true(screen.includes('Alice Example'));
	dashboard.unmount();
});

test('Enter makes the selected account the default', async t => {
	const dashboard = dashboardWithSamples();
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('j');
	await dashboard.waitForScreen('Bob Builder');
	dashboard.press(keys.enter);
	const screen = await dashboard.waitForScreen('bob@fabrikam.com is now the default account');
	t.deepEqual(dashboard.services.calls.setDefault, [{account: 'bob@fabrikam.com'}]);
	t.regex(listLine(screen, 'bob@'), /^›\* bob/);
	t.regex(listLine(screen, 'alice@'), /^ {3}alice/);
	t.regex(screen, /Bob Builder \(default\)/);
	dashboard.unmount();
});

test('Enter on an account that needs sign-in signs it in again with its own settings', async t => {
	const dashboard = dashboardWithSamples();
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('j', 'j');
	const pane = await dashboard.waitForScreen('Carol Jones');
	t.regex(pane, /Press Enter to sign in/);
	t.regex(pane, /Reason +the refresh token expired/);
	t.regex(pane, /\(AADSTS700082\)/);
	dashboard.press(keys.enter);
	await dashboard.waitForScreen('sign in again');
	t.is(dashboard.services.lastSignIn?.request.accountId, 'acc-carol');
	t.deepEqual(dashboard.services.calls.setDefault, []);
	dashboard.unmount();
});

test('r refreshes the selected account now and reports the new lifetime', async t => {
	const dashboard = dashboardWithSamples();
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('j');
	await dashboard.waitForScreen(/04:00! +User\.Read Mail\.ReadWrite/);
	dashboard.press('r');
	const screen = await dashboard.waitForScreen('Refreshed bob@fabrikam.com; the token is valid for 1:00:00');
	t.like(dashboard.services.calls.tokens.at(-1), {account: 'bob@fabrikam.com', force: true});
	t.regex(listLine(screen, 'bob@'), /valid $/);
	t.regex(screen, /1:00:00 +User\.Read Mail\.ReadWrite/);
	dashboard.unmount();
});

test('x asks before signing out; n keeps the account, y removes it', async t => {
	const dashboard = dashboardWithSamples();
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('j');
	await dashboard.waitForScreen('Bob Builder');
	dashboard.press('x');
	let screen = await dashboard.waitForScreen('Sign out bob@fabrikam.com?');
	t.regex(screen, /y yes +n \/ Esc no/);
	dashboard.press('n');
	screen = await dashboard.waitForScreen('Bob Builder');
	t.deepEqual(dashboard.services.calls.remove, []);
	dashboard.press('x');
	await dashboard.waitForScreen('Sign out bob@fabrikam.com?');
	dashboard.press('y');
	screen = await dashboard.waitForScreen('Signed out bob@fabrikam.com');
	t.deepEqual(dashboard.services.calls.remove, ['bob@fabrikam.com']);
	t.false(screen.includes('bob@fabrikam.com   '));
	t.regex(screen, /msid · 2 accounts/);
	dashboard.unmount();
});

test('/ filters by name, user or tenant; Enter keeps the filter, Esc clears it', async t => {
	const dashboard = dashboardWithSamples();
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('/');
	await dashboard.waitForScreen('/ _');
	dashboard.press('f', 'a', 'b');
	let screen = await dashboard.waitForScreen('/ fab_');
	// Alice is a guest in Fabrikam, so she matches too; Carol does not.
	t.true(screen.includes('alice@contoso.com'));
	t.true(screen.includes('bob@fabrikam.com'));
	t.false(screen.includes('carol@contoso.com'));
	dashboard.press('z', 'z', 'z');
	screen = await dashboard.waitForScreen('No account matches the filter.');
	dashboard.press(keys.backspace, keys.backspace, keys.backspace, keys.enter);
	screen = await dashboard.waitForScreen('/ fab (Esc clears)');
	// With the filter kept, keys act on the list again.
	dashboard.press('j');
	await dashboard.waitForScreen('Bob Builder');
	dashboard.press(keys.escape);
	screen = await dashboard.waitForScreen('carol@contoso.com');
	t.false(screen.includes('(Esc clears)'));
	dashboard.unmount();
});

test('t switches the active tenant of the account', async t => {
	const dashboard = dashboardWithSamples();
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('t');
	let screen = await dashboard.waitForScreen('Tenant for alice@contoso.com');
	t.regex(screen, /› ● Contoso \(active\)/);
	t.regex(screen, /72f988bf-86f1-41af-91ab-2d7cd011db47/);
	dashboard.press('j');
	await dashboard.waitForScreen(/› ○ Fabrikam/);
	dashboard.press(keys.enter);
	screen = await dashboard.waitForScreen('alice@contoso.com now uses tenant Fabrikam');
	t.deepEqual(dashboard.services.calls.setDefault, [{account: 'alice@contoso.com', tenant: fabrikamTenant.id}]);
	const lines = screen.split('\n').map(line => line.split('│')[0]!.trimEnd());
	t.true(lines.includes('   ○ Contoso'));
	t.true(lines.includes('   ● Fabrikam'));
	t.regex(screen, /Tenant id +b5f0e7c2-1d1e-4c1a-9d6f-3a0c2e5f9a11/);
	dashboard.unmount();
});

test('t with a single tenant explains instead of opening a picker; Esc leaves the picker unchanged', async t => {
	const dashboard = dashboardWithSamples();
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('t');
	await dashboard.waitForScreen('Tenant for alice@contoso.com');
	dashboard.press(keys.escape);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('j', 't');
	await dashboard.waitForScreen('bob@fabrikam.com knows only one tenant');
	t.deepEqual(dashboard.services.calls.setDefault, []);
	dashboard.unmount();
});

test('? shows the whole keymap and Esc returns to the same account', async t => {
	const dashboard = dashboardWithSamples();
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('j', '?');
	const screen = await dashboard.waitForScreen('msid · keys');
	for (const expected of [/Accounts/, /Enter +Make the account the default/, /c +Copy the access token/, /x +Sign out/, /\/ +Filter accounts/]) {
		t.regex(screen, expected);
	}

	dashboard.press('G', 'j', 'j');
	await dashboard.waitForScreen(/↑ 2 above|↓ \d+ more/);
	dashboard.press(keys.escape);
	await dashboard.waitForScreen(screen => listLine(screen, 'bob@').startsWith('›'));
	dashboard.unmount();
});

test('q quits with 0 and Ctrl-C with 130', async t => {
	const quitting = dashboardWithSamples();
	await quitting.waitForScreen('Alice Example');
	quitting.press('q');
	t.is(await quitting.waitUntilExit(), 0);
	const interrupted = dashboardWithSamples();
	await interrupted.waitForScreen('Alice Example');
	interrupted.press(keys.ctrlC);
	t.is(await interrupted.waitUntilExit(), 130);
});

test('service failures appear as notices, not crashes', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	services.failNext('list', new MsidError('keychain-unavailable', 'The keychain is locked.', {hint: 'Unlock it and press r.'}));
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('! The keychain is locked. Unlock it and press r.');
	services.failNext('setDefault', new MsidError('config-invalid', 'Could not save the configuration: disk full.'));
	dashboard.press('a', keys.escape);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press(keys.enter);
	await dashboard.waitForScreen('! Could not save the configuration: disk full.');
	services.failNext('tokens.get', new MsidError('network', 'Cannot reach login.microsoftonline.com: the network is down.', {hint: 'Check the connection and press r.'}));
	dashboard.press('r');
	const screen = await dashboard.waitForScreen('! Cannot reach login.microsoftonline.com');
	t.false(screen.includes('at '));
	t.true(screen.includes('Alice Example'));
	dashboard.unmount();
});

test('an empty list invites to add an account', async t => {
	const dashboard = renderDashboard(new FakeServices());
	const screen = await dashboard.waitForScreen('No accounts yet.');
	t.regex(screen, /Press a to sign in to a first account\./);
	t.regex(screen, /msid · 0 accounts/);
	dashboard.press('c');
	await dashboard.waitForScreen('No account selected. Press a to add one.');
	dashboard.unmount();
});
