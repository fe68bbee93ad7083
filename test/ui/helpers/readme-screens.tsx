/**
 * The screens the README shows, rendered by the real dashboard on fake services at a fixed
 * time: scripts/screens.tsx draws them as pictures, and test/ui/readme-screens.test.tsx fails
 * when a screen no longer shows what its picture does.
 */
import {FakeServices, sampleAccounts} from '../../helpers/fake-services.js';
import {auditedAccount, sampleDeviceCode} from './samples.js';
import {keys, renderDashboard} from './dashboard-harness.js';

export interface ReadmeScreen {
	name: string;
	title: string;
	/** The frame as written, with its colours. */
	frame: string;
	/** The frame without styling, as the picture's text. */
	text: string;
}

const size = {columns: 100, rows: 26};

async function capture(name: string, title: string, services: FakeServices, steps: (dashboard: ReturnType<typeof renderDashboard>) => Promise<void>): Promise<ReadmeScreen> {
	const dashboard = renderDashboard(services, size);
	try {
		await steps(dashboard);
		return {name, title, frame: dashboard.lastFrame(), text: dashboard.screen()};
	} finally {
		dashboard.unmount();
	}
}

export async function readmeScreens(): Promise<ReadmeScreen[]> {
	return [
		await capture('dashboard', 'The dashboard: accounts, tenants, state and live countdowns', new FakeServices({accounts: sampleAccounts()}), async dashboard => {
			await dashboard.waitForScreen('Alice Example');
		}),
		await capture('sign-in', 'Device-code sign-in: the code, a QR code and live polling status', new FakeServices({accounts: sampleAccounts()}), async dashboard => {
			await dashboard.waitForScreen('Alice Example');
			dashboard.press('a');
			await dashboard.waitForScreen('msid · add account');
			dashboard.press(keys.enter);
			await dashboard.waitForScreen('Asking for a code');
			dashboard.services.lastSignIn!.emit(sampleDeviceCode);
			await dashboard.waitForScreen('FQK5HW3UF');
		}),
		await capture('scope-audit', 'The scope audit: requested, granted, missing and risky scopes', new FakeServices({accounts: [auditedAccount()]}), async dashboard => {
			await dashboard.waitForScreen('Alice Example');
			dashboard.press('s');
			await dashboard.waitForScreen(/Mail\.Send/);
		}),
	];
}
