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
	const browser = createBrowser(runtime.env);
	return {
		accounts: createAccountService(runtime),
		tokens: createTokenService(runtime),
		signIn: request => signInEvents(runtime, request, {openBrowser: async url => browser.open(url)}),
		clipboard: createClipboard({clock: runtime.clock}),
		browser,
		clock: runtime.clock,
		storeKind: runtime.secrets.kind,
	};
}
