/**
 * The accounts screen follows what other processes change (Services.accounts.watch): accounts
 * added and removed elsewhere, a refresh elsewhere moving the countdown, a config damaged
 * elsewhere (the last good list stays, with a notice), and a question about an account that
 * vanished meanwhile.
 */
import './helpers/force-color.js';
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {FakeServices, makeAccount, makeToken, sampleAccounts} from '../helpers/fake-services.js';
import {cleanupDashboards, renderDashboard, waitUntil} from './helpers/dashboard-harness.js';

test.after.always(cleanupDashboards);

const minute = 60_000;

test('an account added elsewhere appears, one removed elsewhere disappears', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen(/msid · 3 accounts/);
	services.changeElsewhere(store => {
		store.set('dave', makeAccount({id: 'dave', name: 'dave@contoso.com'}));
	});
	let screen = await dashboard.waitForScreen(/msid · 4 accounts/);
	t.true(screen.includes('dave@contoso.com'));

	services.changeElsewhere(store => {
		store.delete('dave');
	});
	screen = await dashboard.waitForScreen(/msid · 3 accounts/);
	t.false(screen.includes('dave@contoso.com'));
	dashboard.unmount();
	t.is(services.watcherCount, 0, 'the watch ends with the screen');
});

test('a refresh elsewhere moves the countdown', async t => {
	const services = new FakeServices({accounts: [makeAccount({id: 'a', name: 'alice@contoso.com', tokens: {graph: makeToken({expiresIn: 2 * minute})}})]});
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen(/02:00!? +User\.Read/);
	services.changeElsewhere(store => {
		store.get('a')!.tokens['graph'] = makeToken({expiresIn: 60 * minute});
	});
	const screen = await dashboard.waitForScreen(/1:00:00 +User\.Read/);
	t.false(/02:00!? +User\.Read/.test(screen));
	dashboard.unmount();
});

test('a config damaged elsewhere keeps the last good list and says so; once repaired, the list follows again', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen(/msid · 3 accounts/);
	const damaged = new MsidError('config-corrupt', 'Config file /home/u/.config/msid/config.json is not valid JSON (line 3, column 1).', {remedy: {kind: 'fix-file', path: '/home/u/.config/msid/config.json'}});
	services.failNext('list', damaged);
	services.changeElsewhere();
	let screen = await dashboard.waitForScreen('The list was not updated');
	t.regex(screen, /msid · 3 accounts/);
	t.true(screen.includes('alice@contoso.com'));

	services.changeElsewhere(store => {
		store.delete('acc-carol');
	});
	screen = await dashboard.waitForScreen('The accounts could be read again');
	t.regex(screen, /msid · 2 accounts/);
	dashboard.press('e');
	screen = await dashboard.waitForScreen('Error code: config-corrupt');
	t.regex(screen, /is not valid JSON/, 'e still shows what was wrong with the file');
	dashboard.unmount();
});

test('the sign-out question about an account signed out elsewhere meanwhile is withdrawn: y then removes nothing', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const dashboard = renderDashboard(services);
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('j');
	await dashboard.waitForScreen('Bob Builder');
	dashboard.press('x');
	await dashboard.waitForScreen('Sign out bob@fabrikam.com?');
	const bob = [...services.store.values()].find(record => record.name === 'bob@fabrikam.com')!;
	services.changeElsewhere(store => {
		store.delete(bob.id);
	});
	const screen = await dashboard.waitForScreen('bob@fabrikam.com was signed out elsewhere');
	t.false(screen.includes('Sign out bob@fabrikam.com?'));
	dashboard.press('y');
	await waitUntil(() => services.calls.remove.length === 0 ? true : undefined, () => 'no removal');
	t.deepEqual(services.calls.remove, []);
	t.regex(await dashboard.waitForScreen(/msid · 2 accounts/), /msid · 2 accounts/);
	dashboard.unmount();
});

test('a config damaged when the dashboard opens: it says so, and lists the accounts once the file is repaired', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	services.failNext('list', new MsidError('config-corrupt', 'Config file /home/u/.config/msid/config.json is not an msid config (version is not 1).', {remedy: {kind: 'fix-file', path: '/home/u/.config/msid/config.json'}}));
	const dashboard = renderDashboard(services);
	let screen = await dashboard.waitForScreen('! Config file /home/u/.config/msid/config.json is not an msid config');
	t.regex(screen, /msid · 0 accounts/);
	services.changeElsewhere();
	screen = await dashboard.waitForScreen('The accounts could be read again');
	t.regex(screen, /msid · 3 accounts/);
	dashboard.unmount();
});
