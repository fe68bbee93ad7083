import './helpers/force-color.js';
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {FakeServices, makeAccount, sampleAccounts} from '../helpers/fake-services.js';
import {cleanupDashboards, keys, renderDashboard, type Dashboard} from './helpers/dashboard-harness.js';
import {sampleDeviceCode as code} from './helpers/samples.js';

test.after.always(cleanupDashboards);

async function openSignIn(services = new FakeServices({accounts: sampleAccounts()}), size: {columns?: number; rows?: number} = {}): Promise<Dashboard> {
	const dashboard = renderDashboard(services, size);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('a');
	await dashboard.waitForScreen('msid · add account');
	dashboard.press(keys.enter);
	await dashboard.waitForScreen('Asking for a code');
	return dashboard;
}

test('a adds an account: the form\'s defaults are the Entra device-code defaults', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('a');
	const form = await dashboard.waitForScreen('msid · add account');
	t.regex(form, /› Provider +\[entra\] +auth0 +oidc/);
	t.regex(form, /Tenant +organizations/);
	t.regex(form, /Client id +Microsoft Graph Command Line Tools/);
	t.regex(form, /Scopes +openid profile offline_access User\.Read/);
	dashboard.press(keys.enter);
	await dashboard.waitForScreen('Asking for a code');
	const {signal, ...request} = services.calls.signIn[0]!;
	t.deepEqual(request, {provider: 'entra', flow: 'device-code', tenant: 'organizations', scopes: ['openid', 'profile', 'offline_access', 'User.Read']});
	t.true(signal instanceof AbortSignal);
	dashboard.unmount();
});

test('the form edits fields and checks what Auth0 needs', async t => {
	const services = new FakeServices();
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('No accounts yet.');
	dashboard.press('a');
	await dashboard.waitForScreen('msid · add account');
	dashboard.press(keys.right);
	await dashboard.waitForScreen(/\[auth0\]/);
	dashboard.press(keys.enter);
	await dashboard.waitForScreen('! Auth0 sign-in needs the issuer URL.');
	dashboard.press(keys.down, ...'https://example.auth0.com/', keys.tab, ...'abc123', keys.down, ...'https://api.example.com', keys.down, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, ...'read:things');
	await dashboard.waitForScreen(/Scopes +openid profile read:things_/);
	dashboard.press(keys.enter);
	await dashboard.waitForScreen('Asking for a code');
	const {signal: _signal, ...request} = services.calls.signIn[0]!;
	t.deepEqual(request, {provider: 'auth0', flow: 'device-code', issuer: 'https://example.auth0.com/', clientId: 'abc123', audience: 'https://api.example.com', scopes: ['openid', 'profile', 'read:things']});
	dashboard.unmount();
});

test('the device code view shows the code large, the URL, a QR code and the expiry countdown', async t => {
	const dashboard = await openSignIn();
	dashboard.services.lastSignIn!.emit(code);
	const screen = await dashboard.waitForScreen('Code FQK5HW3UF');
	t.regex(screen, /Open this page and enter the code:/);
	t.regex(screen, /https:\/\/microsoft\.com\/devicelogin/);
	t.regex(screen, /Code expires in 15:00/);
	t.regex(screen, /Waiting for you to sign in\n.*0 polls so far/);
	// The big letters and the QR code are drawn with block characters.
	const blockRows = screen.split('\n').filter(line => /[█▀▄]{3}/.test(line));
	t.true(blockRows.length >= 14, 'a QR code of at least 14 text rows');
	t.true(screen.split('\n').some(line => /█▀█ /.test(line)), 'block letters');
	await dashboard.services.clock.advance(1000);
	await dashboard.waitForScreen('Code expires in 14:59');
	dashboard.unmount();
});

test('the QR code encodes verificationUriComplete when the server gives one', async t => {
	const {qrRows} = await import('../../source/ui/components/qr-code.js');
	const dashboard = await openSignIn();
	const complete = 'https://example.auth0.com/activate?user_code=ABCD-EFGH';
	dashboard.services.lastSignIn!.emit({...code, userCode: 'ABCD-EFGH', verificationUri: 'https://example.auth0.com/activate', verificationUriComplete: complete});
	const screen = await dashboard.waitForScreen('Code ABCD-EFGH');
	const first = qrRows(complete)![1]!;
	t.true(screen.includes(first));
	t.false(screen.includes(qrRows('https://example.auth0.com/activate')![1]!));
	dashboard.unmount();
});

test('polling status follows each event: polls, next poll, slow_down, network retries', async t => {
	const dashboard = await openSignIn();
	const session = dashboard.services.lastSignIn!;
	const now = dashboard.services.clock.now();
	session.emit(code, {type: 'pending', polls: 1, interval: 5, nextPollAt: now + 5000});
	await dashboard.waitForScreen('1 poll so far · next poll in 5 s');
	await dashboard.services.clock.advance(2000);
	await dashboard.waitForScreen('1 poll so far · next poll in 3 s');
	session.emit({type: 'slow-down', polls: 2, interval: 10, nextPollAt: now + 12_000});
	let screen = await dashboard.waitForScreen('2 polls so far · next poll in 10 s');
	t.regex(screen, /Server said slow_down: polling every 10 s/);
	session.emit({type: 'retrying', polls: 3, attempt: 1, reason: 'ECONNRESET', nextPollAt: now + 22_000});
	screen = await dashboard.waitForScreen('Retrying after a network error (#1)');
	t.regex(screen, / {4}ECONNRESET$/m);
	t.regex(screen, /3 polls so far · next poll in 20 s/);
	session.emit({type: 'pending', polls: 4, interval: 10, nextPollAt: now + 32_000});
	screen = await dashboard.waitForScreen('4 polls');
	t.false(screen.includes('Retrying after a network error'));
	t.regex(screen, /polling every 10 s/);
	dashboard.unmount();
});

test('the code\'s expiry ends the view with a clear message, and Enter asks for a new code', async t => {
	const dashboard = await openSignIn();
	const first = dashboard.services.lastSignIn!;
	first.emit({...code, expiresAt: dashboard.services.clock.now() + 3000});
	await dashboard.waitForScreen('Code expires in 00:03!');
	await dashboard.services.clock.advance(3000);
	const screen = await dashboard.waitForScreen('The code expired before the sign-in finished.');
	t.regex(screen, /Nothing was stored\. Press Enter for a new code, or Esc to go back\./);
	t.true(first.aborted, 'polling stops');
	dashboard.press(keys.enter);
	await dashboard.waitForScreen('Asking for a code');
	t.is(dashboard.services.signIns.length, 2);
	dashboard.unmount();
});

test('Esc cancels: the request\'s signal aborts and nothing changes', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const before = JSON.stringify([...services.store.values()]);
	const dashboard = await openSignIn(services);
	services.lastSignIn!.emit(code);
	await dashboard.waitForScreen('Code FQK5HW3UF');
	dashboard.press(keys.escape);
	await dashboard.waitForScreen('Alice Example');
	t.true(services.lastSignIn!.aborted);
	t.is(services.calls.signIn[0]!.signal!.aborted, true);
	t.is(JSON.stringify([...services.store.values()]), before);
	dashboard.unmount();
});

test('o opens the browser at the verification page and y copies the code', async t => {
	const dashboard = await openSignIn();
	dashboard.services.lastSignIn!.emit(code);
	await dashboard.waitForScreen('Code FQK5HW3UF');
	dashboard.press('o');
	await dashboard.waitForScreen('Opened the sign-in page in the browser');
	t.deepEqual(dashboard.services.browser.opened, ['https://microsoft.com/devicelogin']);
	dashboard.press('y');
	await dashboard.waitForScreen('Copied the code FQK5HW3UF');
	t.is(dashboard.services.clipboard.text, 'FQK5HW3UF');
	dashboard.services.browser.canOpen = false;
	dashboard.press('o');
	await dashboard.waitForScreen('! No browser could be started; open https://microsoft.com/devicelogin yourself');
	dashboard.unmount();
});

test('success returns to the accounts with the new account selected', async t => {
	const dashboard = await openSignIn();
	const session = dashboard.services.lastSignIn!;
	session.emit(code, {type: 'pending', polls: 1, interval: 5, nextPollAt: dashboard.services.clock.now() + 5000});
	await dashboard.waitForScreen('1 poll');
	session.succeed(makeAccount({id: 'acc-dave', name: 'dave@contoso.com', username: 'dave@contoso.com', displayName: 'Dave Newman'}));
	const screen = await dashboard.waitForScreen(screen => screen.includes('Signed in as dave@contoso.com') && screen.includes('Dave Newman'));
	t.regex(screen, /› {2}dave@contoso\.com +valid/);
	t.regex(screen, /msid · 4 accounts/);
	dashboard.unmount();
});

test('a failure is shown in plain words and Enter tries again', async t => {
	const dashboard = await openSignIn();
	dashboard.services.lastSignIn!.emit(code);
	await dashboard.waitForScreen('Code FQK5HW3UF');
	dashboard.services.lastSignIn!.fail(new MsidError('oauth-access_denied', 'You declined the sign-in.', {hint: 'Press Enter to try again.'}));
	const screen = await dashboard.waitForScreen('The sign-in did not finish.');
	t.regex(screen, /You declined the sign-in\. Press Enter to try again\./);
	dashboard.press(keys.enter);
	await dashboard.waitForScreen('Asking for a code');
	t.is(dashboard.services.signIns.length, 2);
	dashboard.unmount();
});

test('a sign-in that cannot start (network down) is reported, not thrown', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	services.failNext('signIn', new MsidError('network', 'Cannot reach login.microsoftonline.com: check the network.'));
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('a');
	await dashboard.waitForScreen('msid · add account');
	dashboard.press(keys.enter);
	const screen = await dashboard.waitForScreen('The sign-in did not finish.');
	t.regex(screen, /Cannot reach login\.microsoftonline\.com: check the network\./);
	dashboard.unmount();
});

test('warnings from the flow are shown under the status', async t => {
	const dashboard = await openSignIn();
	dashboard.services.lastSignIn!.emit(code, {type: 'warning', code: 'clock-skew', message: 'Your clock is 3 minutes behind the server.'});
	const screen = await dashboard.waitForScreen('! Your clock is 3 minutes behind the server.');
	t.regex(screen, /Your clock is 3 minutes behind the server\./);
	dashboard.unmount();
});
