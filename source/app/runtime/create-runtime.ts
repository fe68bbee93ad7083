/**
 * Builds the Runtime from the process environment: the one place where the real clock,
 * fetch and secret store are chosen. It imports nothing heavy, because msid-env starts here.
 */
import type {Runtime} from './runtime.js';
import {configDir} from '../../storage/config-read.js';
import {openSecretStore} from '../../storage/open-secret-store.js';
import type {Clock} from '../../model/clock.js';
import {systemClock} from '../../system/clock.js';
import {createShield} from '../../system/shield.js';
import type {Shield} from '../../model/shield.js';
import {anyProxyVariable} from '../../system/proxy-choice.js';

export interface RuntimeOptions {
	env?: NodeJS.ProcessEnv;
	clock?: Clock;
	fetch?: typeof fetch;
	warn?: (message: string) => void;
	shield?: Shield;
	/** A person at the terminal (a command, not msid-env): keychain dialogs get time to be answered. */
	interactive?: boolean;
}

export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
	const env = options.env ?? process.env;
	const show = options.warn ?? ((message: string) => process.stderr.write(`msid: ${message}\n`));
	// One notice says it once: a sign-in and the tenant listing after it both see the clock skew,
	// and every use of the file store is one use from the user's point of view.
	const shown = new Set<string>();
	const warn = (message: string) => {
		if (!shown.has(message)) {
			shown.add(message);
			show(message);
		}
	};

	const dir = configDir(env);
	const secrets = openSecretStore({
		env,
		configDir: dir,
		interactive: options.interactive ?? false,
		onInsecureUse() {
			warn('secrets are in a plain file (MSID_STORE=file), readable by anyone who can read your home folder.');
		},
	});
	return {env, clock: options.clock ?? systemClock, fetch: options.fetch ?? environmentFetch(env), secrets, configDir: dir, warn, shield: options.shield ?? createShield()};
}

/**
 * Node's fetch, read when a request is made: reading globalThis.fetch loads undici (tens of
 * ms), which a command that needs no network (a cached token, the dashboard's first frame)
 * must not pay for.
 */
async function lazyFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
	return globalThis.fetch(input, init);
}

/**
 * With a proxy variable set, a fetch that honours HTTPS_PROXY/NO_PROXY; its code (undici)
 * also loads at the first request, never on a start that makes none (msid-env's cache).
 */
function environmentFetch(env: NodeJS.ProcessEnv): typeof fetch {
	if (!anyProxyVariable(env)) {
		return lazyFetch;
	}

	let loading: Promise<typeof fetch> | undefined;
	return (async (input: URL | RequestInfo, init?: RequestInit) => {
		loading ??= import('../../system/proxy-fetch.js').then(({createProxyFetch}) => createProxyFetch(env, lazyFetch));
		return (await loading)(input, init);
	}) as typeof fetch;
}
