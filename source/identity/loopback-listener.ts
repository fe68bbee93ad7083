/**
 * The loopback redirect of a native app (RFC 8252 §7.3): an HTTP listener on 127.0.0.1 only
 * (never all interfaces, so nobody on the network can deliver or read the answer), on a port
 * the system picks, that takes exactly one callback and then closes.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

/** The page the browser shows once the sign-in came back. */
export interface CallbackPage {
	ok: boolean;
	title: string;
	message: string;
}

export interface LoopbackListener {
	/** `http://127.0.0.1:PORT/`: the redirect_uri of the authorization request. */
	readonly redirectUri: string;
	/** Where the listener was bound (still answers after it closed). */
	address(): AddressInfo;
	/** The query of the one callback request; pending until it arrives. */
	readonly callback: Promise<URLSearchParams>;
	/** Stops listening and drops open connections; safe to call more than once. */
	close(): Promise<void>;
}

const loopbackAddress = '127.0.0.1';
const callbackPath = '/';

/**
 * `reply` decides the page for the callback (it sees the query, so it can tell a forged
 * answer from a real one) before the listener resolves `callback` and closes.
 */
export async function startLoopbackListener(reply: (query: URLSearchParams) => CallbackPage): Promise<LoopbackListener> {
	let deliver!: (query: URLSearchParams) => void;
	const callback = new Promise<URLSearchParams>(resolve => {
		deliver = resolve;
	});
	let answered = false;
	const server: Server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', `http://${loopbackAddress}`);
		// Stray requests (a favicon, a probe) must not use up the one callback.
		if (answered || request.method !== 'GET' || url.pathname !== callbackPath) {
			sendPage(response, 404, {ok: false, title: 'Not found', message: 'This address only receives the sign-in answer.'});
			return;
		}

		answered = true;
		const query = url.searchParams;
		let page: CallbackPage;
		try {
			page = reply(query);
		} catch {
			page = {ok: false, title: 'Sign-in failed', message: 'msid could not read the sign-in answer. Return to the terminal.'};
		}

		response.once('finish', () => {
			void closeServer(server);
		});
		sendPage(response, page.ok ? 200 : 400, page);
		deliver(query);
	});
	await listen(server);
	// Read once: after the callback the server is closed and has no address any more.
	const address = server.address() as AddressInfo;
	return {
		redirectUri: `http://${loopbackAddress}:${address.port}${callbackPath}`,
		address: () => ({...address}),
		callback,
		close: async () => closeServer(server),
	};
}

async function listen(server: Server): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen({port: 0, host: loopbackAddress, exclusive: true}, () => {
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
