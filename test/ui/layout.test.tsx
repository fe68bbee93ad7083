import './helpers/force-color.js';
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {FakeServices, fakeEpoch, makeAccount, makeToken, sampleAccounts} from '../helpers/fake-services.js';
import {cleanupDashboards, hasColour, keys, renderDashboard, visibleLines, visibleWidth, type Dashboard} from './helpers/dashboard-harness.js';

test.after.always(cleanupDashboards);

/** Accounts with long names, many tenants and a file store, to push every column to its limit. */
function crowdedAccounts() {
	const long = makeAccount({
		id: 'acc-long',
		name: 'a-very-long-alias-for-a-service-principal@contoso-research-and-development.onmicrosoft.com',
		displayName: 'An Account Whose Display Name Is Far Longer Than Any Pane Could Show',
		username: 'someone.with.a.long.name@contoso-research-and-development.onmicrosoft.com',
		store: 'file',
		tenants: Array.from({length: 12}, (_, index) => ({id: `0000000${index}-0000-4000-8000-000000000000`, name: `Tenant number ${index} with a long display name`, source: 'arm' as const})),
		activeTenantId: '00000003-0000-4000-8000-000000000000',
		tokens: {
			a: makeToken({scopes: ['openid', 'https://graph.microsoft.com/User.Read', 'https://graph.microsoft.com/Mail.ReadWrite', 'https://graph.microsoft.com/Files.ReadWrite.All'], expiresIn: 3 * 60_000}),
			b: makeToken({scopes: ['https://management.azure.com/user_impersonation'], tenantId: '00000005-0000-4000-8000-000000000000', expiresIn: -60_000}),
		},
	});
	return [long, ...sampleAccounts()];
}

/** Visits every view and state the dashboard has, returning every frame it wrote. */
async function tour(dashboard: Dashboard): Promise<void> {
	const {services} = dashboard;
	await dashboard.waitForScreen('Client id');
	dashboard.press('j');
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('k', 't');
	await dashboard.waitForScreen('Tenant for');
	dashboard.press('j', 'j');
	await dashboard.waitForScreen(/› ○ Tenant number 5/);
	dashboard.press(keys.enter);
	await dashboard.waitForScreen(/Tenant id +00000005-/);
	dashboard.press('x');
	await dashboard.waitForScreen('Sign out');
	dashboard.press('n', '/', 'c', 'o', 'n');
	await dashboard.waitForScreen('/ con_');
	dashboard.press(keys.enter);
	await dashboard.waitForScreen('(Esc clears)');
	dashboard.press('c');
	await dashboard.waitForScreen('clipboard clears in 45 s');
	services.failNext('tokens.get', new MsidError('keychain-unavailable', 'The keychain is locked: unlock the login keyring (for example with gnome-keyring-daemon --unlock) and press r again.'));
	dashboard.press('r');
	await dashboard.waitForScreen('The keychain is locked');
	dashboard.press('?');
	await dashboard.waitForScreen('msid · keys');
	for (let index = 0; index < 80; index++) {
		dashboard.press('j');
	}

	await dashboard.waitForScreen('above (k)');
	dashboard.press('q');
	await dashboard.waitForScreen('(Esc clears)');
	dashboard.press('s');
	await dashboard.waitForScreen(/Risky|Claims/);
	dashboard.press(keys.right);
	await dashboard.waitForScreen('token 2/');
	dashboard.press('q');
	await dashboard.waitForScreen('(Esc clears)');
	dashboard.press('a');
	await dashboard.waitForScreen('add account');
	dashboard.press(keys.right, keys.enter);
	await dashboard.waitForScreen('needs the issuer URL');
	dashboard.press(keys.left, keys.enter);
	await dashboard.waitForScreen('Asking for a code');
	const session = services.lastSignIn!;
	session.emit({
		type: 'code',
		userCode: 'ABCD-EFGH',
		verificationUri: 'https://login.microsoftonline.com/common/oauth2/deviceauth',
		verificationUriComplete: 'https://login.microsoftonline.com/common/oauth2/deviceauth?user_code=ABCD-EFGH&tenant=organizations',
		message: 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABCD-EFGH to authenticate.',
		expiresAt: services.clock.now() + 900_000,
		interval: 5,
	});
	await dashboard.waitForScreen('Code ABCD-EFGH');
	session.emit(
		{type: 'slow-down', polls: 3, interval: 10, nextPollAt: services.clock.now() + 10_000},
		{type: 'retrying', polls: 4, attempt: 2, reason: 'getaddrinfo ENOTFOUND login.microsoftonline.com while polling the token endpoint', nextPollAt: services.clock.now() + 20_000},
		{type: 'warning', code: 'clock-skew', message: 'Your clock is 4 minutes behind the server; expiry times are corrected for it.'},
	);
	await dashboard.waitForScreen('Retrying after a network error');
	dashboard.press('o');
	await dashboard.waitForScreen('Opened the sign-in page');
	await services.clock.jump(900_000);
	await dashboard.waitForScreen('The code expired');
	dashboard.press(keys.enter);
	await dashboard.waitForScreen('Asking for a code');
	services.lastSignIn!.fail(new MsidError('oauth-unauthorized_client', 'The app does not allow public client flows (AADSTS7000218): enable "Allow public client flows" in its registration, or use another client id.'));
	await dashboard.waitForScreen('The sign-in did not finish.');
	dashboard.press(keys.escape);
	await dashboard.waitForScreen('msid · 4 accounts');
}

function checkFrames(t: import('ava').ExecutionContext, dashboard: Dashboard, columns: number, rows: number, color: boolean): void {
	const frames = dashboard.stdout.frames.filter(frame => frame.trim() !== '');
	t.true(frames.length > 30, `the tour rendered ${frames.length} frames`);
	for (const frame of frames) {
		const lines = visibleLines(frame.replace(/\n$/, ''));
		t.true(lines.length <= rows, `a frame has ${lines.length} lines:\n${lines.join('\n')}`);
		const tooWide = lines.filter(line => visibleWidth(line) > columns);
		t.deepEqual(tooWide, [], 'no line is wider than the terminal');
		if (!color) {
			t.false(hasColour(frame), `a frame has colour codes:\n${frame}`);
		}
	}
}

for (const [columns, rows] of [[80, 24], [120, 40]] as const) {
	for (const color of [false, true]) {
		test(`every view fits ${columns}x${rows} ${color ? 'in colour' : 'with NO_COLOR'}`, async t => {
			const services = new FakeServices({accounts: crowdedAccounts(), storeKind: 'file', now: fakeEpoch});
			const dashboard = renderDashboard(services, {columns, rows, color});
			await tour(dashboard);
			checkFrames(t, dashboard, columns, rows, color);
			if (color) {
				t.true(dashboard.stdout.frames.some(frame => hasColour(frame)));
			}

			dashboard.unmount();
		});
	}
}

test('a frame is exactly the terminal\'s height, so the full-screen view never scrolls', async t => {
	const dashboard = renderDashboard(new FakeServices({accounts: sampleAccounts()}));
	const screen = await dashboard.waitForScreen('Client id');
	t.is(screen.replace(/\n$/, '').split('\n').length, 24);
	dashboard.unmount();
});

test('the layout follows a resize', async t => {
	const dashboard = renderDashboard(new FakeServices({accounts: sampleAccounts()}), {columns: 120, rows: 30});
	await dashboard.waitForScreen('Client id');
	dashboard.resize(80, 24);
	const screen = await dashboard.waitForScreen(screen => screen.replace(/\n$/, '').split('\n').length === 24);
	t.true(screen.split('\n').every(line => visibleWidth(line) <= 80));
	dashboard.unmount();
});
