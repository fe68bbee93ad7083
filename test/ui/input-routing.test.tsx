/**
 * Keys typed faster than a screen change: each goes to the screen that is current when it is
 * handled, in order, and none is lost or acted on by the screen just left.
 */
import './helpers/force-color.js';
import test from 'ava';
import {FakeServices, sampleAccounts} from '../helpers/fake-services.js';
import {cleanupDashboards, keys, renderDashboard} from './helpers/dashboard-harness.js';

test.after.always(cleanupDashboards);

test('keys pressed in one go after "a" land in the new form, not on the list', async t => {
	const dashboard = renderDashboard(new FakeServices({accounts: sampleAccounts()}));
	await dashboard.waitForScreen('Alice Example');
	// "c" on the list would copy a token; in the form's tenant field it is text.
	dashboard.press('a', keys.down, 'c', 'x');
	await dashboard.waitForScreen('organizationscx');
	t.deepEqual(dashboard.services.clipboard.writes, []);
});

test('"?" then "q" in one go closes the help instead of quitting, and the next key acts on the list', async t => {
	const dashboard = renderDashboard(new FakeServices({accounts: sampleAccounts()}));
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('?', 'q', 'a');
	await dashboard.waitForScreen('add account');
	t.regex(dashboard.screen(), /Provider/);
});
