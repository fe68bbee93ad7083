import './helpers/force-color.js';
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {FakeServices, sampleAccounts} from '../helpers/fake-services.js';
import {cleanupDashboards, renderDashboard} from './helpers/dashboard-harness.js';

test.after.always(cleanupDashboards);

test('c copies the access token, says so, and clears the clipboard after 45 s', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('Alice Example');
	const token = services.accessTokenFor(services.record('alice@contoso.com'));
	dashboard.press('c');
	let screen = await dashboard.waitForScreen('Copied the access token; clipboard clears in 45 s');
	t.is(services.clipboard.text, token);
	t.like(services.calls.tokens.at(-1), {account: 'alice@contoso.com'});
	t.false(screen.includes(token.slice(0, 20)), 'the token is never rendered');

	await services.clock.advance(30_000);
	await dashboard.waitForScreen('clipboard clears in 15 s');
	t.is(services.clipboard.text, token);

	await services.clock.advance(15_000);
	screen = await dashboard.waitForScreen('Clipboard cleared');
	t.is(services.clipboard.text, '');
	t.false(screen.includes('clipboard clears in'));
	dashboard.unmount();
});

test('C copies the Authorization header form', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('C');
	await dashboard.waitForScreen('Copied the Authorization header; clipboard clears in 45 s');
	t.is(services.clipboard.text, `Authorization: Bearer ${services.accessTokenFor(services.record('alice@contoso.com'))}`);
	await services.clock.advance(45_000);
	await dashboard.waitForScreen('Clipboard cleared');
	t.is(services.clipboard.text, '');
	dashboard.unmount();
});

test('something copied since is left on the clipboard', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('c');
	await dashboard.waitForScreen('clipboard clears in 45 s');
	await services.clipboard.write('the user copied this');
	await services.clock.advance(45_000);
	await dashboard.waitForScreen('The clipboard changed since the copy, so msid left it alone');
	t.is(services.clipboard.text, 'the user copied this');
	dashboard.unmount();
});

test('a second copy restarts the 45 s', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('c');
	await dashboard.waitForScreen('clipboard clears in 45 s');
	await services.clock.advance(30_000);
	await dashboard.waitForScreen('clipboard clears in 15 s');
	dashboard.press('C');
	await dashboard.waitForScreen('Copied the Authorization header; clipboard clears in 45 s');
	await services.clock.advance(15_000);
	await dashboard.waitForScreen('clipboard clears in 30 s');
	t.true(services.clipboard.text.startsWith('Authorization: Bearer '));
	dashboard.unmount();
});

test('an unavailable clipboard is reported with its own explanation', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	services.clipboard.unavailable = new MsidError('clipboard-unavailable', 'No clipboard: install xclip or wl-clipboard, or use msid token instead.');
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('c');
	await dashboard.waitForScreen('! No clipboard: install xclip or wl-clipboard, or use msid token instead.');
	t.deepEqual(services.clipboard.writes, []);
	dashboard.unmount();
});

test('a locked keychain while copying is a notice, and nothing is copied', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	services.failNext('tokens.get', new MsidError('keychain-unavailable', 'The keychain is locked: unlock it and try again.'));
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('c');
	await dashboard.waitForScreen('! The keychain is locked: unlock it and try again.');
	t.is(services.clipboard.text, '');
	dashboard.unmount();
});

test('leaving the dashboard early clears a token still on the clipboard', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('c');
	await dashboard.waitForScreen('clipboard clears in 45 s');
	dashboard.press('q');
	await dashboard.waitUntilExit();
	await waitForClipboard(services, '');
	t.is(services.clipboard.text, '');
});

async function waitForClipboard(services: FakeServices, expected: string): Promise<void> {
	for (let attempt = 0; attempt < 100 && services.clipboard.text !== expected; attempt++) {
		await new Promise(resolve => {
			setImmediate(resolve);
		});
	}
}
