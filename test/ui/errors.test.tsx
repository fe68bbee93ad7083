/**
 * Failures in the dashboard: the remedy is worded as a key (never an msid command), `e` shows
 * the full error, and no control character from a server reaches the terminal.
 */
import './helpers/force-color.js';
import test from 'ava';
import {MsidError, type Remedy, type RemedyKind} from '../../source/model/errors.js';
import {dashboardRemedy} from '../../source/ui/remedy-text.js';
import {mainKeys} from '../../source/ui/keymap.js';
import {FakeServices, sampleAccounts} from '../helpers/fake-services.js';
import {cleanupDashboards, keys, renderDashboard} from './helpers/dashboard-harness.js';

test.after.always(cleanupDashboards);

/** One remedy of every kind; the Record makes a new kind fail to compile until it is listed. */
const remedies: Record<RemedyKind, Remedy> = {
	'sign-in': {kind: 'sign-in', account: 'carol@contoso.com'},
	'give-setting': {kind: 'give-setting', setting: 'flow', value: 'browser'},
	'choose-account': {kind: 'choose-account', candidates: ['alice@contoso.com', 'alice@fabrikam.com']},
	'ask-admin': {kind: 'ask-admin', what: 'grant admin consent for Directory.Read.All'},
	'retry-later': {kind: 'retry-later'},
	'check-network': {kind: 'check-network'},
	'fix-file': {kind: 'fix-file', path: '/home/u/.config/msid/config.json'},
	'app-registration': {kind: 'app-registration', what: 'enable "Allow public client flows"'},
	'allow-directory': {kind: 'allow-directory', directory: '/home/u/project'},
	install: {kind: 'install', what: 'xsel'},
	'set-variable': {kind: 'set-variable', name: 'MSID_STORE', value: 'file'},
	'report-bug': {kind: 'report-bug'},
};
const mainKeyNames = new Set(mainKeys.map(binding => binding.keys));
/** An msid command line or a command-line option: what the dashboard must never show. */
const commandText = /\bmsid(-env)? (login|list|use|token|scopes|logout|exec|allow|request|doctor|demo)\b|(^|\s)--[a-z]/;

test('every remedy kind is worded with a key of the keymap and no command', t => {
	for (const [kind, remedy] of Object.entries(remedies)) {
		const text = dashboardRemedy(remedy);
		t.notRegex(text, commandText, kind);
		const named = [...text.matchAll(/press (\S+)/gi)].map(match => match[1]!.replace(/[.,;]$/, ''));
		t.true(named.length > 0 || /with ↑ k ↓ j/.test(text), `${kind}: ${text}`);
		for (const key of named) {
			t.true(mainKeyNames.has(key), `${kind}: "${key}" is not a dashboard key (${text})`);
		}
	}
});

test('a failure of every remedy kind shows its key in the notice line, not a command', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const dashboard = renderDashboard(services, {columns: 200});
	await dashboard.waitForScreen('Alice Example');
	for (const [kind, remedy] of Object.entries(remedies)) {
		services.failNext('tokens.get', new MsidError('network', `Failure ${kind}.`, {remedy}));
		dashboard.press('r');
		const screen = await dashboard.waitForScreen(`! Failure ${kind}. ${dashboardRemedy(remedy).slice(0, 40)}`);
		t.notRegex(screen, commandText, kind);
	}

	dashboard.unmount();
});

test('e shows the full error: every paragraph, the server\'s words and the code; Esc goes back', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const dashboard = renderDashboard(services, {columns: 60});
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('e');
	await dashboard.waitForScreen('No error to show.');
	const long = 'Could not refresh the token of alice@contoso.com (AADSTS70008): the refresh token has expired or was revoked after a long time of not being used at all.';
	services.failNext('tokens.get', new MsidError('sign-in-required', long, {
		remedy: {kind: 'sign-in', account: 'alice@contoso.com'},
		facts: {serverMessage: 'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.', serverCode: 'AADSTS70008'},
	}));
	dashboard.press('r');
	const notice = await dashboard.waitForScreen('! Could not refresh');
	t.false(notice.includes('inactivity'), 'the notice line holds only the start');
	dashboard.press('e');
	const screen = await dashboard.waitForScreen('msid · error');
	const text = screen.replaceAll(/\s+/g, ' ');
	t.true(text.includes(long), text);
	t.true(text.includes('Select alice@contoso.com and press Enter to sign in again.'), text);
	t.true(text.includes('The server said: AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.'), text);
	t.true(text.includes('Error code: sign-in-required (exit status 4'), text);
	dashboard.press(keys.escape);
	await dashboard.waitForScreen('Alice Example');
	dashboard.unmount();
});

test('e on an account that needs a sign-in shows why, when no failure happened here', async t => {
	const dashboard = renderDashboard(new FakeServices({accounts: sampleAccounts()}), {columns: 100});
	await dashboard.waitForScreen('carol@contoso.com');
	dashboard.press('j', 'j');
	await dashboard.waitForScreen(/›.*carol@contoso\.com/);
	dashboard.press('e');
	const screen = await dashboard.waitForScreen('msid · error');
	t.regex(screen.replaceAll(/\s+/g, ' '), /press Enter to sign in again/);
	dashboard.unmount();
});

const hostile = 'Evil\u001B[2J\u001B[31mRED\u001B]0;title\u0007\rFAKE\u009B1m\u202Eexe.txt';
/** Every control character and bidi override printable() must remove; ESC-led colour codes are Ink's own. */
const forbidden = /[\u0000-\u0008\u000B-\u001A\u001C-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** A frame with Ink's own colour codes (ESC [ digits m) removed: what is left must hold no control byte. */
function withoutInkColours(frame: string): string {
	return frame.replaceAll(/\u001B\[[\d;]*m/g, '');
}

test('hostile tenant, display and account names and a hostile server error draw no control character', async t => {
	const [alice] = sampleAccounts();
	const services = new FakeServices({accounts: [{
		...alice!,
		name: `alice${hostile}`,
		displayName: `Alice ${hostile}`,
		tenants: alice!.tenants.map(tenant => ({...tenant, name: `Contoso ${hostile}`})),
	}]});
	const dashboard = renderDashboard(services, {columns: 160, rows: 30});
	const screen = await dashboard.waitForScreen('Alice Evil');
	t.true(screen.includes(String.raw`Evil\u001b[2J\u001b[31mRED`), screen);
	services.failNext('tokens.get', new MsidError('oauth-invalid_request', `Could not refresh (${hostile}).`, {facts: {serverMessage: hostile}}));
	dashboard.press('r');
	await dashboard.waitForScreen('! Could not refresh');
	dashboard.press('e');
	await dashboard.waitForScreen(String.raw`The server said: Evil\u001b[2J`);
	for (const frame of dashboard.stdout.frames) {
		const bare = withoutInkColours(frame);
		t.false(forbidden.test(bare), JSON.stringify(bare.match(forbidden)));
		t.false(bare.includes('\u001B'), 'no ESC outside Ink\'s colour codes');
	}

	dashboard.unmount();
});

test('a hostile device-code message draws no control character', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const dashboard = renderDashboard(services, {columns: 160, rows: 40});
	await dashboard.waitForScreen('Alice Example');
	dashboard.press('a');
	await dashboard.waitForScreen('msid · add account');
	dashboard.press(keys.enter);
	await dashboard.waitForScreen('Asking for a code');
	services.lastSignIn!.emit({type: 'code', userCode: 'FQK5HW3UF', verificationUri: 'https://microsoft.com/devicelogin', message: `Sign in ${hostile}`, expiresAt: services.clock.now() + 900_000, interval: 5});
	await dashboard.waitForScreen(String.raw`Sign in Evil\u001b[2J`);
	for (const frame of dashboard.stdout.frames) {
		const bare = withoutInkColours(frame);
		t.false(forbidden.test(bare), JSON.stringify(bare.match(forbidden)));
		t.false(bare.includes('\u001B'));
	}

	dashboard.unmount();
});

test('the title names the secret store in use: keychain, memory, file, or none when the keychain does not answer; e shows why', async t => {
	for (const [storeKind, expected] of [['keychain', /secrets: keychain(?!…)/], ['memory', /secrets: memory \(gone on exit\)/], ['file', /secrets: FILE \(insecure\)/]] as const) {
		const dashboard = renderDashboard(new FakeServices({accounts: sampleAccounts(), storeKind}), {columns: 100});
		await dashboard.waitForScreen(expected);
		dashboard.unmount();
	}

	const services = Object.assign(new FakeServices({accounts: sampleAccounts()}), {
		checkStore: async () => ({ok: false, error: new MsidError('keychain-unavailable', 'There is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so msid cannot reach the Secret Service keychain.')}) as const,
	});
	const dashboard = renderDashboard(services, {columns: 100});
	const screen = await dashboard.waitForScreen('secrets: none (keychain unavailable, e)');
	t.false(screen.includes('secrets: keychain '));
	dashboard.press('e');
	const detail = await dashboard.waitForScreen('msid · error');
	t.regex(detail.replaceAll(/\s+/g, ' '), /There is no D-Bus session .* Secret Service keychain\./);
	t.regex(detail.replaceAll(/\s+/g, ' '), /Error code: keychain-unavailable/);
	dashboard.unmount();
});
