/**
 * A fetch that goes through the proxy chosen for each request (see proxy-choice.ts). Node's
 * own fetch ignores HTTPS_PROXY unless NODE_USE_ENV_PROXY is set at start-up, so requests that
 * need a proxy go through undici's fetch with a ProxyAgent (one per proxy, reused). Loaded
 * only when a request is made, so nothing here slows down a start that makes none.
 */
import {fetch as undiciFetch, ProxyAgent, type RequestInit as UndiciRequestInit} from 'undici';
import {chooseProxy} from './proxy-choice.js';

export function createProxyFetch(env: NodeJS.ProcessEnv, direct: typeof fetch): typeof fetch {
	const agents = new Map<string, ProxyAgent>();
	const proxied = async (input: URL | RequestInfo, init?: RequestInit): Promise<Response> => {
		const url = new URL(input instanceof Request ? input.url : String(input));
		const proxy = chooseProxy(url, env);
		if (!proxy) {
			return direct(input, init);
		}

		let agent = agents.get(proxy);
		if (!agent) {
			agent = new ProxyAgent(proxy);
			agents.set(proxy, agent);
		}

		let response;
		try {
			response = await undiciFetch(input instanceof Request ? input.url : input, {...init, dispatcher: agent} as UndiciRequestInit);
		} catch (error) {
			throw tunnelRefusal(error, proxy) ?? error;
		}

		// Callers (oauth4webapi) check for the global Response class; undici's is another one.
		return new Response(response.body as ReadableStream | null, {status: response.status, statusText: response.statusText, headers: response.headers as unknown as Headers});
	};

	return proxied as typeof fetch;
}

/**
 * undici reports a proxy that would not open the tunnel as "Proxy response (407) !== 200".
 * Said plainly, naming the proxy's host and never its credentials.
 */
function tunnelRefusal(error: unknown, proxy: string): TypeError | undefined {
	let status: string | undefined;
	// The message sits a few causes deep (TypeError, then DOMException, then undici's error).
	for (let cause: unknown = error, depth = 0; cause instanceof Error && !status && depth < 5; cause = cause.cause, depth++) {
		status = /Proxy response \((\d+)\)/.exec(cause.message)?.[1];
	}

	if (!status) {
		return undefined;
	}

	const {host} = new URL(proxy);
	const reason = status === '407'
		? `the proxy ${host} asks for credentials (407): put them in the proxy URL, as http://USER:PASSWORD@${host}`
		: `the proxy ${host} refused to connect (${status})`;
	return new TypeError('fetch failed', {cause: Object.assign(new Error(reason), {code: 'MSID_PROXY_REFUSED'})});
}
