/**
 * The loopback redirect of a native app (RFC 8252 §7.3): an HTTP listener on the loopback
 * interface only (never all interfaces, so nobody on the network can deliver or read the
 * answer), on a port the system picks unless the redirect URI names one. It takes the one
 * callback that belongs to the sign-in and then closes; requests that are not that answer
 * (a forged or stale callback, a favicon, a probe) get a page and the listener keeps waiting.
 *
 * A redirect URI on `localhost` (what Entra app registrations hold) is served on 127.0.0.1 and
 * on ::1 under the same port, because the browser may resolve `localhost` to either.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {MsidError} from '../model/errors.js';

/** The page the browser shows for a request to the listener. */
export interface CallbackPage {
	ok: boolean;
	title: string;
	message: string;
	/** Not this sign-in's answer (its state does not match): shown, and the listener keeps waiting. */
	ignored?: boolean;
}

export interface LoopbackListener {
	/** The redirect_uri of the authorization request, with the port the listener got. */
	readonly redirectUri: string;
	/** Where the listener was bound (still answers after it closed); the first address. */
	address(): AddressInfo;
	/** Every address it listens on. */
	addresses(): AddressInfo[];
	/** The query of the one accepted callback; pending until it arrives. */
	readonly callback: Promise<URLSearchParams>;
	/** Stops listening and drops open connections; safe to call more than once. */
	close(): Promise<void>;
}

/** A loopback redirect: `http://localhost[:port][/path]` or `http://127.0.0.1[:port][/path]`. */
export interface LoopbackRedirect {
	host: 'localhost' | '127.0.0.1';
	/** 0 or absent: a port the system picks. */
	port?: number;
	/** Default `/`. */
	path?: string;
	/** Whether the URI ends in a slash when the path is `/`: `http://localhost:PORT` is what MSAL sends. */
	trailingSlash?: boolean;
}

export const defaultLoopbackRedirect: LoopbackRedirect = {host: '127.0.0.1', trailingSlash: true};

/** Parses a loopback redirect URI the user gave (the one the app registration holds). */
export function parseLoopbackRedirect(value: string): LoopbackRedirect {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw redirectUsage(value);
	}

	const host = url.hostname.toLowerCase();
	if (url.protocol !== 'http:' || (host !== 'localhost' && host !== '127.0.0.1') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
		throw redirectUsage(value);
	}

	const explicitSlash = /^http:\/\/[^/]+\/$/i.test(value.trim());
	return {
		host,
		...(url.port ? {port: Number(url.port)} : {}),
		path: url.pathname,
		trailingSlash: url.pathname !== '/' || explicitSlash,
	};
}

function redirectUsage(value: string): MsidError {
	return new MsidError(
		'invalid-redirect-uri',
		`"${value}" is not a loopback redirect URI: give http://localhost or http://127.0.0.1 (optionally with a port and a path), as registered for the app.`,
		{exitCode: 2},
	);
}

/**
 * `reply` decides the page for each request on the callback path (it sees the query, so it
 * can tell a forged answer from a real one); the first one it does not ignore resolves
 * `callback` and closes the listener.
 */
export async function startLoopbackListener(reply: (query: URLSearchParams) => CallbackPage, redirect: LoopbackRedirect = defaultLoopbackRedirect): Promise<LoopbackListener> {
	let deliver!: (query: URLSearchParams) => void;
	const callback = new Promise<URLSearchParams>(resolve => {
		deliver = resolve;
	});
	const callbackPath = redirect.path ?? '/';
	let answered = false;
	const servers: Server[] = [];
	const closeAll = async () => Promise.all(servers.map(async server => closeServer(server))).then(() => undefined);
	const handler = (request: IncomingMessage, response: ServerResponse) => {
		const url = new URL(request.url ?? '/', 'http://loopback');
		// Stray requests (a favicon, a probe) must not use up the callback.
		if (answered || request.method !== 'GET' || url.pathname !== callbackPath) {
			sendPage(response, 404, {ok: false, title: 'Not found', message: 'This address only receives the sign-in answer.'});
			return;
		}

		const query = url.searchParams;
		let page: CallbackPage;
		try {
			page = reply(query);
		} catch {
			page = {ok: false, title: 'Sign-in failed', message: 'msid could not read the sign-in answer. Return to the terminal.'};
		}

		if (page.ignored) {
			sendPage(response, 400, page);
			return;
		}

		answered = true;
		response.once('finish', () => {
			void closeAll();
		});
		sendPage(response, page.ok ? 200 : 400, page);
		deliver(query);
	};

	const addresses = await listenOnLoopback(servers, handler, redirect).catch((error: unknown) => {
		const code = (error as NodeJS.ErrnoException).code;
		throw code === 'EADDRINUSE' && redirect.port
			? new MsidError('port-in-use', `Port ${redirect.port} on the loopback interface is in use by another program: close it, or give a redirect URI without a port.`, {cause: error, remedy: {kind: 'give-setting', setting: 'redirect-uri'}})
			: new MsidError('loopback-unavailable', `Could not listen on the loopback interface for the browser's answer (${code ?? String(error)}).`, {cause: error, remedy: {kind: 'give-setting', setting: 'flow', value: 'device-code'}});
	});
	const port = addresses[0]!.port;
	const showPort = `${redirect.host}:${port}`;
	const path = callbackPath === '/' && !redirect.trailingSlash ? '' : callbackPath;
	return {
		redirectUri: `http://${showPort}${path}`,
		address: () => ({...addresses[0]!}),
		addresses: () => addresses.map(address => ({...address})),
		callback,
		close: closeAll,
	};
}

const bindAttempts = 10;

/**
 * 127.0.0.1 always; for `localhost` also ::1 under the same port (retrying with a new port
 * when that one is taken on ::1). A machine without IPv6 loopback gets 127.0.0.1 alone, which
 * is where its resolver sends `localhost` anyway.
 */
async function listenOnLoopback(servers: Server[], handler: (request: IncomingMessage, response: ServerResponse) => void, redirect: LoopbackRedirect): Promise<AddressInfo[]> {
	for (let attempt = 1; ; attempt++) {
		const ipv4 = createServer(handler);
		await listen(ipv4, '127.0.0.1', redirect.port ?? 0);
		const address = ipv4.address() as AddressInfo;
		if (redirect.host !== 'localhost') {
			servers.push(ipv4);
			return [address];
		}

		const ipv6 = createServer(handler);
		try {
			await listen(ipv6, '::1', address.port);
			servers.push(ipv4, ipv6);
			return [address, ipv6.address() as AddressInfo];
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') {
				servers.push(ipv4);
				return [address];
			}

			await closeServer(ipv4);
			if (code !== 'EADDRINUSE' || redirect.port || attempt >= bindAttempts) {
				throw error;
			}
		}
	}
}

async function listen(server: Server, host: string, port: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen({port, host, exclusive: true, ipv6Only: host === '::1'}, () => {
			server.off('error', reject);
			resolve();
		});
	});
}

async function closeServer(server: Server): Promise<void> {
	if (!server.listening) {
		return;
	}

	await new Promise<void>(resolve => {
		server.close(() => {
			resolve();
		});
		server.closeAllConnections();
	});
}

function sendPage(response: ServerResponse<IncomingMessage>, status: number, page: CallbackPage): void {
	const body = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}h1{font-size:1.4em}.failed{color:#a4262c}</style>
</head><body><main data-outcome="${page.ok ? 'success' : 'failure'}">
<h1${page.ok ? '' : ' class="failed"'}>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
</main></body></html>
`;
	response.writeHead(status, {
		'content-type': 'text/html; charset=utf-8',
		'content-length': Buffer.byteLength(body),
		// Nothing on this page may load, be cached, or leak the callback URL (it held the code).
		'content-security-policy': 'default-src \'none\'; style-src \'unsafe-inline\'',
		'cache-control': 'no-store',
		'referrer-policy': 'no-referrer',
		'x-content-type-options': 'nosniff',
		connection: 'close',
	});
	response.end(body);
}

export function escapeHtml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll('\'', '&#39;');
}
