/**
 * Which proxy, if any, a request to a URL goes through, from HTTPS_PROXY, HTTP_PROXY and
 * NO_PROXY as curl reads them: the lower-case form of each wins over the upper-case one.
 * Loopback addresses are always reached directly: sign-in listeners and local emulators live
 * there, and a corporate proxy cannot reach the user's own machine.
 */
export function chooseProxy(url: URL, env: NodeJS.ProcessEnv): string | undefined {
	const host = bareHost(url.hostname);
	if (isLoopback(host)) {
		return undefined;
	}

	const proxy = url.protocol === 'https:' ? variable(env, 'https_proxy') : url.protocol === 'http:' ? variable(env, 'http_proxy') : undefined;
	if (!proxy) {
		return undefined;
	}

	const port = url.port || (url.protocol === 'https:' ? '443' : '80');
	return bypassed(host, port, variable(env, 'no_proxy') ?? '') ? undefined : withScheme(proxy);
}

/** Whether any proxy variable is set at all: without one, the proxy code need not load. */
export function anyProxyVariable(env: NodeJS.ProcessEnv): boolean {
	return Boolean(variable(env, 'https_proxy') ?? variable(env, 'http_proxy'));
}

/** The proxy URL as it may be shown: user name and password replaced. */
export function maskProxy(proxy: string): string {
	try {
		const url = new URL(proxy);
		if (url.username || url.password) {
			url.username = '***';
			url.password = '';
		}

		return url.href.replace(/\/$/, '');
	} catch {
		return '(an unreadable proxy URL)';
	}
}

function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
	const value = (env[name] ?? env[name.toUpperCase()])?.trim();
	return value ? value : undefined;
}

/** curl takes `proxy.example:3128` as an http:// proxy. */
function withScheme(proxy: string): string {
	return /^[a-z][a-z\d+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function bareHost(hostname: string): string {
	return hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

export function isLoopback(host: string): boolean {
	return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** NO_PROXY entries: `*`, a host, a domain (`example.com` or `.example.com` matches its subdomains), each optionally with `:port`. */
function bypassed(host: string, port: string, noProxy: string): boolean {
	return noProxy.split(/[\s,]+/).filter(Boolean).some(entry => {
		if (entry === '*') {
			return true;
		}

		const [entryHost, entryPort] = splitPort(entry.toLowerCase());
		if (entryPort !== undefined && entryPort !== port) {
			return false;
		}

		const domain = entryHost.replace(/^\*?\./, '').replace(/\.$/, '');
		return domain !== '' && (host === domain || host.endsWith(`.${domain}`));
	});
}

function splitPort(entry: string): [string, string | undefined] {
	const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
	if (bracketed) {
		return [bracketed[1]!, bracketed[2]];
	}

	const match = /^([^:]+):(\d+)$/.exec(entry);
	return match ? [match[1]!, match[2]] : [entry, undefined];
}
