/**
 * The Services object the faces use, over a Runtime. Tests build it over a Runtime pointed at
 * temp folders, a private keychain service and test servers.
 */
import {createAccountService} from './accounts/service.js';
import type {Runtime} from './runtime.js';
import type {Services} from './services.js';
import {signInEvents} from './sign-in.js';
import {createBrowser} from './system/browser.js';
import {createClipboard} from './system/clipboard.js';
import {createTokenService} from './tokens.js';

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
