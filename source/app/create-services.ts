/**
 * The Services object the faces use, over a Runtime. Tests build it over a Runtime pointed at
 * temp folders, a private keychain service and test servers.
 */
import {createAccountService} from './accounts/account-service.js';
import type {Runtime} from './runtime/runtime.js';
import type {SignInEvent} from '../model/sign-in-events.js';
import type {Services, SignInRequest} from '../model/services.js';
import type {Interaction} from './sign-in/sign-in.js';
import {createBrowser} from '../system/browser.js';
import {createClipboard} from '../system/clipboard.js';
import {createTokenService} from './tokens/token-service.js';

export function createServices(runtime: Runtime): Services {
	const browser = createBrowser(runtime.env);
	return {
		accounts: createAccountService(runtime),
		tokens: createTokenService(runtime),
		signIn: request => signInLazily(runtime, request, {openBrowser: async url => browser.open(url)}),
		clipboard: createClipboard({clock: runtime.clock, env: runtime.env}),
		browser,
		clock: runtime.clock,
		storeKind: runtime.secrets.kind,
		async checkStore() {
			try {
				// A read of a key nobody writes: it proves the store answers and changes nothing.
				await runtime.secrets.get('store-check');
				return {ok: true};
			} catch (error) {
				return {ok: false, error};
			}
		},
	};
}

/** The sign-in flows load the whole protocol stack; `msid token` and `msid list` never need it. */
async function * signInLazily(runtime: Runtime, request: SignInRequest, interaction: Interaction): AsyncGenerator<SignInEvent> {
	const {signInEvents} = await import('./sign-in/sign-in.js');
	yield * signInEvents(runtime, request, interaction);
}
