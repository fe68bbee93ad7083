import './helpers/force-color.js';
import test from 'ava';
import {FakeServices, makeAccount, makeToken} from '../helpers/fake-services.js';
import {cleanupDashboards, ansi, colourAt, hasColour, renderDashboard} from './helpers/dashboard-harness.js';

test.after.always(cleanupDashboards);

const minute = 60_000;

function dashboardWithTokenExpiringIn(expiresIn: number, color = true) {
	const account = makeAccount({tokens: {'t|User.Read': makeToken({expiresIn})}});
	const services = new FakeServices({accounts: [account]});
	return {services, dashboard: renderDashboard(services, {color})};
}

test('countdowns tick as the clock advances, at most once a second', async t => {
	const {services, dashboard} = dashboardWithTokenExpiringIn(62 * minute);
	await dashboard.waitForScreen(/1:02:00 +User\.Read/);
	await services.clock.advance(1000);
	await dashboard.waitForScreen(/1:01:59 +User\.Read/);
	await services.clock.jump(2 * minute + 59_000);
	await dashboard.waitForScreen(/59:00 +User\.Read/);
	// Half a second changes nothing on screen.
	const frames = dashboard.stdout.frames.length;
	await services.clock.advance(400);
	t.is(dashboard.stdout.frames.length, frames);
	dashboard.unmount();
});

test('the countdown turns yellow under 5 minutes and red at expiry, with markers', async t => {
	const {services, dashboard} = dashboardWithTokenExpiringIn(5 * minute + 2000);
	let screen = await dashboard.waitForScreen(/05:02 +User\.Read/);
	t.is(colourAt(dashboard.lastFrame(), '05:02'), ansi.green);
	t.regex(screen, /alice@contoso\.com +valid/);

	await services.clock.advance(3000);
	screen = await dashboard.waitForScreen(/04:59! +User\.Read/);
	t.is(colourAt(dashboard.lastFrame(), '04:59!'), ansi.yellow);
	t.is(colourAt(dashboard.lastFrame(), 'expiring'), ansi.yellow);
	t.regex(screen, /alice@contoso\.com +expiring/);

	await services.clock.jump(5 * minute);
	screen = await dashboard.waitForScreen(/expired +User\.Read/);
	t.is(colourAt(dashboard.lastFrame(), 'expired  User.Read'), ansi.red);
	t.regex(screen, /alice@contoso\.com +expired/);
	t.is(services.clock.pendingSleeps > 0, true, 'the ticker keeps running');
	dashboard.unmount();
});

test('with NO_COLOR the countdown changes only by its markers', async t => {
	const {services, dashboard} = dashboardWithTokenExpiringIn(5 * minute + 1000, false);
	await dashboard.waitForScreen(/05:01 +User\.Read/);
	t.false(hasColour(dashboard.lastFrame()));
	await services.clock.advance(2000);
	await dashboard.waitForScreen(/04:59! +User\.Read/);
	t.false(hasColour(dashboard.lastFrame()));
	await services.clock.jump(5 * minute);
	await dashboard.waitForScreen(/expired +User\.Read/);
	t.false(hasColour(dashboard.lastFrame()));
	dashboard.unmount();
});

test('an idle screen with no countdowns schedules nothing once left', async t => {
	const {services, dashboard} = dashboardWithTokenExpiringIn(10 * minute);
	await dashboard.waitForScreen('User.Read');
	t.true(services.clock.pendingSleeps > 0);
	dashboard.unmount();
	t.is(services.clock.pendingSleeps, 0);
});
