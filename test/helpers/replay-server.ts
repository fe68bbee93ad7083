/**
 * Replays answers recorded from the live Microsoft identity platform (test/fixtures/entra/) on
 * 127.0.0.1, so the real CLI meets Entra's own bytes rather than our emulator's idea of them.
 * A test scripts, per endpoint, the recorded answers to give in order; a request with nothing
 * scripted gets `404 {"error":"not_recorded"}`, which no msid path may mistake for a verdict.
 *
 * Only what cannot be replayed is made here: the discovery document (the emulator's members) and JWKS of this host, and
 * the tokens of a success answer (recordings shorten them, and msid checks an ID token's issuer
 * and audience), signed for this host. Every other member of an answer is the recording's.
 */
import {randomBytes} from 'node:crypto';
import {once} from 'node:events';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {entraDiscoveryDocument} from '../../source/emulator/endpoints/discovery.js';
import {signJwt} from '../../source/emulator/jwt.js';
import {signingKey} from '../../source/emulator/signing-key.js';
import type {EntraFixture} from './entra-fixtures.js';

export type ReplayEndpoint = 'devicecode' | 'token';

export interface ReplayRequest {
	endpoint: ReplayEndpoint;
	tenant: string;
	form: URLSearchParams;
	/** Epoch ms on the real clock. */
	at: number;
}

/** Who the minted tokens of a success answer are for. */
export interface ReplayIdentity {
	tenantId: string;
	oid: string;
	username: string;
	name: string;
}

export interface ReplayServer {
	/** `http://127.0.0.1:PORT`: the authority host (AZURE_AUTHORITY_HOST). */
	url: string;
	identity: ReplayIdentity;
	requests: ReplayRequest[];
	/** Queues recorded answers for the next requests to `endpoint`, in order. */
	script(endpoint: ReplayEndpoint, ...answers: EntraFixture[]): void;
	/** The access tokens minted for success answers, in order. */
	issued: string[];
	close(): Promise<void>;
}

/** Placeholders in a recorded success answer: the recording's tokens are shortened. */
const placeholder = '<replaced by the replay server>';

export const replayIdentity: ReplayIdentity = {
	tenantId: 'c0ffee00-0000-4000-8000-00000000e1d0',
	oid: '00000000-0000-4000-8000-0000000a11ce',
	username: 'alice@contoso.onmicrosoft.com',
	name: 'Alice (replay)',
};

export async function startReplayServer(identity: ReplayIdentity = replayIdentity): Promise<ReplayServer> {
	const queues = new Map<ReplayEndpoint, EntraFixture[]>();
	const requests: ReplayRequest[] = [];
	const issued: string[] = [];
	const key = signingKey();
	let url = '';

	const server = createServer((request, response) => {
		void answer(request, response).catch((error: unknown) => {
			send(response, 500, 'text/plain', String(error));
		});
	});

	async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const path = new URL(request.url ?? '/', url).pathname;
		const [, tenant = '', ...rest] = path.split('/');
		const route = rest.join('/');
		if (request.method === 'GET' && route === 'v2.0/.well-known/openid-configuration') {
			sendJson(response, 200, discovery(url, tenant));
			return;
		}

		if (request.method === 'GET' && route === 'discovery/v2.0/keys') {
			sendJson(response, 200, {keys: [key.jwk]});
			return;
		}

		const endpoint = request.method === 'POST' ? ({'oauth2/v2.0/devicecode': 'devicecode', 'oauth2/v2.0/token': 'token'} as const)[route] : undefined;
		if (!endpoint) {
			sendJson(response, 404, {error: 'not_recorded'});
			return;
		}

		const form = new URLSearchParams(await readBody(request));
		requests.push({endpoint, tenant, form, at: Date.now()});
		const recorded = queues.get(endpoint)?.shift();
		if (!recorded) {
			sendJson(response, 404, {error: 'not_recorded'});
			return;
		}

		const headers = recorded.headers ?? {};
		if (recorded.text !== undefined) {
			send(response, recorded.status, undefined, recorded.text, headers);
			return;
		}

		const body = recorded.status === 200 && endpoint === 'token' ? withMintedTokens(recorded.body ?? {}, form) : recorded.body;
		sendJson(response, recorded.status, body, headers);
	}

	function withMintedTokens(body: Record<string, unknown>, form: URLSearchParams): Record<string, unknown> {
		const now = Math.floor(Date.now() / 1000);
		const lifetime = typeof body['expires_in'] === 'number' ? body['expires_in'] : 3599;
		const issuer = `${url}/${identity.tenantId}/v2.0`;
		const person = {oid: identity.oid, tid: identity.tenantId, preferred_username: identity.username, name: identity.name, sub: identity.oid};
		const minted: Record<string, unknown> = {...body};
		const sign = (claims: Record<string, unknown>) => signJwt({kid: key.kid, x5t: key.kid}, claims, key.privateKey);
		if (body['access_token'] === placeholder) {
			minted['access_token'] = sign({aud: 'https://graph.microsoft.com', iss: issuer, iat: now, nbf: now, exp: now + lifetime, ...person, upn: identity.username, scp: 'User.Read', azp: form.get('client_id'), ver: '2.0'});
			issued.push(minted['access_token'] as string);
		}

		if (body['id_token'] === placeholder) {
			minted['id_token'] = sign({aud: form.get('client_id'), iss: issuer, iat: now, nbf: now, exp: now + 3600, ...person, ver: '2.0'});
		}

		if (body['refresh_token'] === placeholder) {
			minted['refresh_token'] = `1.replay.${randomBytes(32).toString('base64url')}`;
		}

		return minted;
	}

	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		identity,
		requests,
		issued,
		script(endpoint, ...answers) {
			queues.set(endpoint, [...(queues.get(endpoint) ?? []), ...answers]);
		},
		async close() {
			const closed = once(server, 'close');
			server.close();
			server.closeAllConnections();
			await closed;
		},
	};
}

/** The multi-tenant aliases publish the template issuer, as Entra does. */
function discovery(url: string, tenant: string): Record<string, unknown> {
	const multiTenant = ['common', 'organizations', 'consumers'].includes(tenant.toLowerCase());
	return entraDiscoveryDocument(`${url}/${tenant}`, `${url}/${multiTenant ? '{tenantid}' : tenant}/v2.0`, new URL(url).host);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	send(response, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}

function send(response: ServerResponse, status: number, contentType: string | undefined, body: string, headers: Record<string, string> = {}): void {
	response.writeHead(status, {
		...(contentType ? {'Content-Type': contentType} : {}),
		'Content-Length': String(Buffer.byteLength(body)),
		'Cache-Control': 'no-store, no-cache',
		...headers,
	});
	response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) {
		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks).toString('utf8');
}
