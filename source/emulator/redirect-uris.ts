import type {Client} from './directory.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Exact match with a registered URI, or, for apps with the desktop platform, any port of a
 * loopback URI (RFC 8252 section 7.3: the app picks a free port at run time).
 */
export function isAllowedRedirect(client: Client, redirectUri: string): boolean {
	if (client.redirectUris.includes(redirectUri)) {
		return true;
	}

	if (!client.loopbackRedirects) {
		return false;
	}

	try {
		const url = new URL(redirectUri);
		return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && url.hash === '' && url.username === '' && url.password === '';
	} catch {
		return false;
	}
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
