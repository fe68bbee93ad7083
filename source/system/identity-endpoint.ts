/**
 * A local managed-identity endpoint (`msid exec --serve-identity`): an HTTP server on
 * 127.0.0.1 only, on a port the system picks, that answers token requests in App Service's
 * shape (`IDENTITY_ENDPOINT` + the `X-IDENTITY-HEADER` secret) and in IMDS' shape (the shape
 * Terraform's `msi_endpoint` speaks; IMDS has no secret header, so the secret is the first
 * path segment). A request without the secret gets 401 and never reaches `issue`.
 */
import {randomBytes, timingSafeEqual} from 'node:crypto';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {Clock} from '../model/clock.js';
import {
	appServiceApiVersion,
	appServiceResponse,
	EndpointRequestError,
	imdsResponse,
	readTarget,
	type IssuedToken,
	type TokenTarget,
} from './managed-identity-shapes.js';

export interface IdentityEndpointOptions {
	/** A token for the target; `signal` aborts when the client goes away or the endpoint closes. */
	issue(target: TokenTarget, signal: AbortSignal): Promise<IssuedToken>;
	/** Turns a failure of `issue` into the status and one-line message the client sees. */
	describeFailure(error: unknown): {status: number; error: string; message: string};
	/** The application id requests may name as `client_id`. */
	clientId: string;
	clock: Clock;
}

export interface IdentityEndpoint {
	/** App Service: the IDENTITY_ENDPOINT URL. */
	readonly appServiceUrl: string;
	/** App Service: the IDENTITY_HEADER value, and the IMDS path's secret. */
	readonly secret: string;
	/** IMDS: the full token URL (secret included), Terraform's msi_endpoint. */
	readonly imdsUrl: string;
	readonly port: number;
	/** Stops listening, drops connections and aborts requests in flight; safe to call twice. */
	close(): Promise<void>;
}

const host = '127.0.0.1';
const appServicePath = '/msi/token';
const imdsPath = '/metadata/identity/oauth2/token';

export async function startIdentityEndpoint(options: IdentityEndpointOptions): Promise<IdentityEndpoint> {
	const secret = randomBytes(32).toString('base64url');
	const closing = new AbortController();
	const server = createServer((request, response) => {
		void answer(request, response).catch(() => {
			response.destroy();
		});
	});

	async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', `http://${host}`);
		const imdsSecret = url.pathname.endsWith(imdsPath) ? url.pathname.slice(1, -imdsPath.length) : undefined;
		const protocol = url.pathname === appServicePath && sameSecret(request.headers['x-identity-header'], secret)
			? 'app-service'
			: imdsSecret !== undefined && sameSecret(imdsSecret, secret) ? 'imds' : undefined;
		if (!protocol) {
			send(response, 401, {error: 'unauthorized', error_description: 'This endpoint answers only requests that carry its secret.'});
			return;
		}

		try {
			if (request.method !== 'GET') {
				throw new EndpointRequestError(405, 'invalid_request', 'Token requests use GET.');
			}

			checkProtocol(protocol, request, url.searchParams);
			const target = readTarget(url.searchParams, options.clientId);
			// The request is abandoned when its client goes away, or when the endpoint closes.
			const gone = new AbortController();
			response.once('close', () => {
				gone.abort();
			});
			const token = await options.issue(target, AbortSignal.any([gone.signal, closing.signal]));
			send(response, 200, protocol === 'app-service' ? appServiceResponse(target, token) : imdsResponse(target, token, options.clock.now()));
		} catch (error) {
			const failure = error instanceof EndpointRequestError
				? {status: error.status, error: error.error, message: error.message}
				: options.describeFailure(error);
			send(response, failure.status, {error: failure.error, error_description: failure.message});
		}
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen({port: 0, host, exclusive: true}, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;
	let closed: Promise<void> | undefined;
	return {
		appServiceUrl: `http://${host}:${port}${appServicePath}`,
		imdsUrl: `http://${host}:${port}/${secret}${imdsPath}`,
		secret,
		port,
		async close() {
			closed ??= new Promise<void>(resolve => {
				closing.abort();
				server.close(() => {
					resolve();
				});
				server.closeAllConnections();
			});
			return closed;
		},
	};
}

function checkProtocol(protocol: 'app-service' | 'imds', request: IncomingMessage, query: URLSearchParams): void {
	const apiVersion = query.get('api-version');
	if (protocol === 'app-service') {
		if (apiVersion !== appServiceApiVersion) {
			throw new EndpointRequestError(400, 'invalid_request', `This endpoint speaks App Service api-version ${appServiceApiVersion} (got ${apiVersion ?? 'none'}).`);
		}

		return;
	}

	// IMDS refuses requests without this header: a forged request from a browser cannot set it.
	if (request.headers.metadata !== 'true') {
		throw new EndpointRequestError(400, 'invalid_request', 'Required metadata header not specified.');
	}

	if (!apiVersion) {
		throw new EndpointRequestError(400, 'invalid_request', 'Required query parameter api-version is missing.');
	}
}

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
	if (typeof given !== 'string') {
		return false;
	}

	const a = Buffer.from(given);
	const b = Buffer.from(secret);
	return a.length === b.length && timingSafeEqual(a, b);
}

function send(response: ServerResponse, status: number, body: Record<string, string>): void {
	if (response.headersSent || response.destroyed) {
		return;
	}

	const text = JSON.stringify(body);
	response.writeHead(status, {'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text)});
	response.end(text);
}
