import type {Client} from './directory.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * As Entra matches them: scheme, host and path exactly as registered; only the port of an
 * http loopback URI is ignored, since a native app listens on whatever port is free
 * (RFC 8252 §7.3). `http://localhost` and `http://127.0.0.1` are different registrations.
 */
export function isAllowedRedirect(client: Client, redirectUri: string): boolean {
	const requested = parse(redirectUri);
	if (!requested) {
		return false;
	}

	return client.redirectUris.some(registered => {
		if (registered === redirectUri) {
			return true;
		}

		const allowed = parse(registered);
		return allowed !== undefined
			&& isLoopback(allowed)
			&& isLoopback(requested)
			&& allowed.hostname === requested.hostname
			&& allowed.pathname === requested.pathname
			&& allowed.search === requested.search;
	});
}

function parse(uri: string): URL | undefined {
	try {
		const url = new URL(uri);
		return url.hash === '' && url.username === '' && url.password === '' ? url : undefined;
	} catch {
		return undefined;
	}
}

function isLoopback(url: URL): boolean {
	return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** The app's redirect URI with the response in its query (default) or fragment. */
export function redirectWith(redirectUri: string, mode: 'query' | 'fragment', fields: Record<string, string | undefined>): string {
	const url = new URL(redirectUri);
	const parameters = mode === 'query' ? url.searchParams : new URLSearchParams();
	for (const [name, value] of Object.entries(fields)) {
		if (value !== undefined) {
			parameters.set(name, value);
		}
	}

	if (mode === 'fragment') {
		url.hash = parameters.toString();
	}

	return url.href;
}
