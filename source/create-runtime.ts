/**
 * Builds the Runtime and the Services object from the process environment: the one place
 * where real implementations are chosen. Tests call it with their own env (temp folders,
 * a private keychain service) or build a Runtime by hand.
 */
import {createAccountService} from './accounts/service.js';
import type {Runtime} from './runtime.js';
import type {Services} from './services.js';
import {signInEvents} from './sign-in.js';
import {configDir} from './storage/config-store.js';
import {openSecretStore} from './storage/open-secret-store.js';
import {createBrowser} from './system/browser.js';
import {createClipboard} from './system/clipboard.js';
import {systemClock, type Clock} from './system/clock.js';
import {createTokenService} from './tokens.js';

export interface RuntimeOptions {
	env?: NodeJS.ProcessEnv;
	clock?: Clock;
	fetch?: typeof fetch;
	warn?: (message: string) => void;
}

export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
	const env = options.env ?? process.env;
	const warn = options.warn ?? ((message: string) => process.stderr.write(`msid: ${message}\n`));
	const dir = configDir(env);
	let warned = false;
	const secrets = await openSecretStore({
		env,
		configDir: dir,
		onInsecureUse() {
			// Once per process is "every use" from the user's point of view.
			if (!warned) {
				warned = true;
				warn('secrets are in a plain file (MSID_STORE=file), readable by anyone who can read your home folder.');
			}
		},
	});
	return {env, clock: options.clock ?? systemClock, fetch: options.fetch ?? globalThis.fetch, secrets, configDir: dir, warn};
}

export function createServices(runtime: Runtime): Services {
	return {
		accounts: createAccountService(runtime),
		tokens: createTokenService(runtime),
		signIn: request => signInEvents(runtime, request),
		clipboard: createClipboard({clock: runtime.clock}),
		browser: createBrowser(runtime.env),
		clock: runtime.clock,
		storeKind: runtime.secrets.kind,
	};
}
