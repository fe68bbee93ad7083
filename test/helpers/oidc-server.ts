import {generateKeyPairSync, randomBytes} from 'node:crypto';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {errors, Provider, type Middleware, type ProviderContext} from 'oidc-provider';
import {approveDevice, signInWithBrowser, type BrowserSignIn, type BrowserSignInResult, type DeviceApproval} from './oidc-approve.js';
import {interactionPages} from './oidc-interactions.js';
import {OidcStore} from './oidc-store.js';

// A real, certified OpenID provider (oidc-provider) on 127.0.0.1, set up the way an
// Auth0 tenant behaves as far as msid can tell: device flow, PKCE for public clients,
// client credentials, `audience` naming an API whose access tokens are JWTs, refresh
// token rotation with reuse detection, introspection and revocation.

export interface OidcProviderOptions {
	/** Access token lifetime in seconds (also for client credentials). Default 3600. */
	accessTokenTtl?: number;
	/** Device code lifetime in seconds. Default 600. */
	deviceCodeTtl?: number;
	/** Refresh token lifetime in seconds. Default 14 days. */
	refreshTokenTtl?: number;
	/**
	 * `interval` added to the device authorization response, as Auth0 sends it
	 * (oidc-provider itself omits it, which means 5 s per RFC 8628). `null` leaves it out.
	 * Default 5.
	 */
	pollInterval?: number | null;
	/**
	 * OpenID Connect Core drops `offline_access` from an authorization request that lacks
	 * `prompt=consent`; Auth0 does not. Default false: Auth0's way (the helper adds
	 * `consent` to such a request's prompt). True: oidc-provider's strict behaviour.
	 */
	strictOfflineAccess?: boolean;
	/** How the confidential client authenticates. Default client_secret_post, Auth0's default. */
	confidentialAuthMethod?: 'client_secret_post' | 'client_secret_basic';
	/**
	 * Runs once the server has handled a token request (a refresh has rotated the token) and
	 * before the answer leaves: the moment a client interrupted now would lose the new token.
	 */
	beforeTokenResponse?: (grantType: string) => void | Promise<void>;
}

export interface GrantCounts {
	refresh: number;
	deviceCode: number;
	clientCredentials: number;
	authorizationCode: number;
	invalidGrant: number;
	/** Every token endpoint error by code (authorization_pending, access_denied, invalid_grant, ...). */
	errors: Record<string, number>;
}

export interface OidcServer {
	/** Exactly what discovery says: 'http://127.0.0.1:PORT', no trailing slash. */
	issuer: string;
	clients: {
		device: {clientId: string};
		confidential: {clientId: string; clientSecret: string};
	};
	/** API identifier to pass as `audience` (Auth0 style). */
	audience: string;
	/** Scopes the API defines. */
	apiScopes: string[];
	approveDevice(input: DeviceApproval): Promise<void>;
	/** Drive an authorization URL like the system browser would (see oidc-approve.ts). */
	signInWithBrowser(input: BrowserSignIn): Promise<BrowserSignInResult>;
	introspect(token: string): Promise<{active: boolean; [key: string]: unknown}>;
	counts(): GrantCounts;
	revokeAll(accountId?: string): Promise<void>;
	close(): Promise<void>;
}

export const deviceClientId = 'msid-cli';
export const confidentialClientId = 'msid-daemon';
export const apiAudience = 'https://api.msid.test';
export const apiScopes = ['read:things', 'write:things'];

const deviceCodeGrantType = 'urn:ietf:params:oauth:grant-type:device_code';
const day = 24 * 60 * 60;

// Key generation is the slow part of a start; every provider in the process shares these.
let sharedSecrets: {signingKey: Record<string, unknown>; cookieKey: string} | undefined;
function secrets() {
	if (!sharedSecrets) {
		const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
		sharedSecrets = {
			signingKey: {...privateKey.export({format: 'jwk'}), kid: 'msid-test-rs256', use: 'sig', alg: 'RS256'},
			cookieKey: randomBytes(32).toString('hex'),
		};
	}

	return sharedSecrets;
}

export async function startOidcProvider(options: OidcProviderOptions = {}): Promise<OidcServer> {
	const accessTokenTtl = options.accessTokenTtl ?? 3600;
	const deviceCodeTtl = options.deviceCodeTtl ?? 600;
	const refreshTokenTtl = options.refreshTokenTtl ?? 14 * day;
	const pollInterval = options.pollInterval === undefined ? 5 : options.pollInterval;
	const confidentialAuthMethod = options.confidentialAuthMethod ?? 'client_secret_post';
	const clientSecret = randomBytes(24).toString('base64url');

	// The issuer must be known before the provider exists, so bind the port first.
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;
	const issuer = `http://127.0.0.1:${port}`;
	const store = new OidcStore();
	const {signingKey, cookieKey} = secrets();

	const provider = new Provider(issuer, {
		adapter: store.adapter,
		jwks: {keys: [signingKey]},
		cookies: {keys: [cookieKey]},
		clients: [
			{
				client_id: deviceClientId,
				client_name: 'msid',
				application_type: 'native',
				token_endpoint_auth_method: 'none',
				grant_types: [deviceCodeGrantType, 'refresh_token', 'authorization_code'],
				response_types: ['code'],
				// A native client's loopback redirect matches on any port (RFC 8252 7.3).
				redirect_uris: ['http://127.0.0.1/', 'http://127.0.0.1/callback'],
			},
			{
				client_id: confidentialClientId,
				client_secret: clientSecret,
				token_endpoint_auth_method: confidentialAuthMethod,
				grant_types: ['client_credentials'],
				response_types: [],
				redirect_uris: [],
			},
		],
		scopes: ['openid', 'offline_access', 'profile', 'email'],
		claims: {
			openid: ['sub'],
			profile: ['name', 'nickname'],
			email: ['email', 'email_verified'],
		},
		async findAccount(_ctx: unknown, sub: string) {
			return {
				accountId: sub,
				async claims() {
					return {sub, name: sub, nickname: sub, email: `${sub}@msid.test`, email_verified: true};
				},
			};
		},
		// Auth0 sends the API as `audience`, not RFC 8707's `resource`.
		extraParams: ['audience'],
		rotateRefreshToken: true,
		features: {
			devInteractions: {enabled: false},
			deviceFlow: {enabled: true, userCodeInputSource, userCodeConfirmSource, successSource},
			clientCredentials: {enabled: true},
			introspection: {enabled: true, allowedPolicy: introspectionAllowed},
			revocation: {enabled: true, allowedPolicy: revocationAllowed},
			resourceIndicators: {
				enabled: true,
				defaultResource: audienceAsResource,
				// Refreshes keep giving tokens for the API chosen at sign-in, as Auth0 does.
				useGrantedResource: async () => true,
				async getResourceServerInfo(_ctx: unknown, resource: string) {
					if (resource !== apiAudience) {
						throw new errors.InvalidTarget(`unknown audience ${resource}`);
					}

					return {
						scope: apiScopes.join(' '),
						audience: apiAudience,
						accessTokenFormat: 'jwt',
						accessTokenTTL: accessTokenTtl,
						jwt: {sign: {alg: 'RS256'}},
					};
				},
			},
		},
		ttl: {
			AccessToken: accessTokenTtl,
			ClientCredentials: accessTokenTtl,
			DeviceCode: deviceCodeTtl,
			RefreshToken: refreshTokenTtl,
			AuthorizationCode: 60,
			IdToken: 3600,
			Interaction: 600,
			Session: 14 * day,
			Grant: 14 * day,
		},
		clientBasedCORS: () => false,
		renderError,
	});

	const counts = countGrants(provider);
	provider.use(interactionPages(provider));
	if (pollInterval !== null) {
		provider.use(addPollInterval(pollInterval));
	}

	if (!options.strictOfflineAccess) {
		provider.use(offlineAccessWithoutConsentPrompt);
	}

	const {beforeTokenResponse} = options;
	if (beforeTokenResponse) {
		provider.use(async (ctx, next) => {
			await next();
			const grantType = (ctx as unknown as ProviderContext).oidc?.params?.['grant_type'];
			if (ctx.method === 'POST' && ctx.path === '/token' && typeof grantType === 'string') {
				await beforeTokenResponse(grantType);
			}
		});
	}

	server.on('request', provider.callback());

	return {
		issuer,
		clients: {
			device: {clientId: deviceClientId},
			confidential: {clientId: confidentialClientId, clientSecret},
		},
		audience: apiAudience,
		apiScopes,
		approveDevice,
		signInWithBrowser,
		async introspect(token) {
			const body = new URLSearchParams({token});
			const headers: Record<string, string> = {'content-type': 'application/x-www-form-urlencoded', accept: 'application/json'};
			if (confidentialAuthMethod === 'client_secret_basic') {
				headers['authorization'] = `Basic ${Buffer.from(`${encodeURIComponent(confidentialClientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
			} else {
				body.set('client_id', confidentialClientId);
				body.set('client_secret', clientSecret);
			}

			const response = await fetch(`${issuer}/token/introspection`, {method: 'POST', headers, body});
			const result = await response.json() as {active?: boolean; error?: string; error_description?: string};
			if (!response.ok || typeof result.active !== 'boolean') {
				throw new Error(`introspection failed: ${result.error ?? response.status} ${result.error_description ?? ''}`.trim());
			}

			return result as {active: boolean};
		},
		counts: () => structuredClone(counts),
		async revokeAll(accountId) {
			for (const [grantId, grant] of store.list('Grant')) {
				if (accountId === undefined || grant.accountId === accountId) {
					await Promise.all([
						provider.AccessToken.revokeByGrantId(grantId),
						provider.RefreshToken.revokeByGrantId(grantId),
						provider.AuthorizationCode.revokeByGrantId(grantId),
						provider.DeviceCode.revokeByGrantId(grantId),
					]);
					await store.adapter('Grant').destroy(grantId);
				}
			}

			// Browser sessions too, so the next sign-in asks for the account again.
			for (const [id, session] of store.list('Session')) {
				if (accountId === undefined || session.accountId === accountId) {
					await store.adapter('Session').destroy(id);
				}
			}
		},
		async close() {
			await new Promise<void>(resolve => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

/** Auth0's `audience` picks the API: on authorization requests it is a parameter, at the token endpoint (client credentials) only in the body. */
async function audienceAsResource(ctx: ProviderContext, _client: unknown, oneOf?: string | string[]) {
	const requested = ctx.oidc.params?.['audience'] ?? ctx.oidc.body?.['audience'];
	const audience = typeof requested === 'string' && requested !== '' ? requested : undefined;
	if (oneOf === undefined) {
		return audience;
	}

	const granted = Array.isArray(oneOf) ? oneOf : [oneOf];
	return audience !== undefined && granted.includes(audience) ? audience : oneOf;
}

function countGrants(provider: Provider): GrantCounts {
	const counts: GrantCounts = {refresh: 0, deviceCode: 0, clientCredentials: 0, authorizationCode: 0, invalidGrant: 0, errors: {}};
	const byGrantType: Record<string, 'refresh' | 'deviceCode' | 'clientCredentials' | 'authorizationCode'> = {
		refresh_token: 'refresh',
		[deviceCodeGrantType]: 'deviceCode',
		client_credentials: 'clientCredentials',
		authorization_code: 'authorizationCode',
	};
	// Both events fire before the response is written, so a client that has its
	// answer can rely on the counts.
	provider.on('grant.success', (ctx: ProviderContext) => {
		const key = byGrantType[String(ctx.oidc.params?.['grant_type'])];
		if (key) {
			counts[key]++;
		}
	});
	provider.on('grant.error', (_ctx: ProviderContext, error: {error?: string}) => {
		const code = error.error ?? 'unknown';
		counts.errors[code] = (counts.errors[code] ?? 0) + 1;
		if (code === 'invalid_grant') {
			counts.invalidGrant++;
		}
	});
	return counts;
}

function addPollInterval(interval: number): Middleware {
	return async (ctx, next) => {
		await next();
		if (ctx.method === 'POST' && ctx.path === '/device/auth' && ctx.status === 200 && isRecord(ctx.body)) {
			ctx.body['interval'] = interval;
		}
	};
}

/** Auth0 semantics for `offline_access` on the (GET) authorization endpoint; see strictOfflineAccess. */
const offlineAccessWithoutConsentPrompt: Middleware = async (ctx, next) => {
	if (ctx.method === 'GET' && ctx.path === '/auth') {
		const query = new URLSearchParams(ctx.querystring);
		const scopes = (query.get('scope') ?? '').split(' ');
		const prompts = (query.get('prompt') ?? '').split(' ').filter(Boolean);
		if (scopes.includes('offline_access') && !prompts.includes('consent') && !prompts.includes('none')) {
			query.set('prompt', [...prompts, 'consent'].join(' '));
			ctx.querystring = query.toString();
		}
	}

	await next();
};

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The provider's policies, restated so that it does not print a notice for each default.
async function introspectionAllowed(ctx: ProviderContext, client: {clientAuthMethod: string}, token: {clientId: string}) {
	return client.clientAuthMethod !== 'none' || token.clientId === ctx.oidc.client?.clientId;
}

async function revocationAllowed(_ctx: ProviderContext, client: {clientId: string}, token: {clientId: string}) {
	return token.clientId === client.clientId;
}

// The device pages keep oidc-provider's own forms (with their xsrf field); only the
// page around them is plain.
function htmlPage(title: string, body: string): string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

function escapeHtml(value: string): string {
	return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

async function userCodeInputSource(ctx: ProviderContext, form: string, out?: {error?: string; error_description?: string}, error?: Error) {
	// Re-rendered after a wrong, used or aborted code (error.name says which) or a protocol error (out).
	const text = out?.error_description ? `${out.error ?? ''}: ${out.error_description}` : error?.message ?? '';
	const message = error
		? `<p class="error" data-error="${escapeHtml(error.name)}">${escapeHtml(text)}</p>`
		: '<p>Enter the code displayed on your device</p>';
	ctx.body = htmlPage('Sign-in', `${message}${form}<button type="submit" form="op.deviceInputForm">Continue</button>`);
}

async function userCodeConfirmSource(ctx: ProviderContext, form: string, client: {clientId: string}, _deviceInfo: unknown, userCode: string) {
	ctx.body = htmlPage('Confirm Device', `<p><strong>${escapeHtml(client.clientId)}</strong> shows the code <code>${escapeHtml(userCode)}</code></p>${form}
<button type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">Abort</button>`);
}

async function successSource(ctx: ProviderContext) {
	ctx.body = htmlPage('Sign-in Success', '<p>You can close this page.</p>');
}

async function renderError(ctx: ProviderContext, out: {error?: string; error_description?: string}) {
	ctx.type = 'html';
	ctx.body = htmlPage('Error', `<p class="error" data-error="${escapeHtml(out.error ?? '')}">${escapeHtml(`${out.error ?? 'error'}: ${out.error_description ?? ''}`)}</p>`);
}

export type {BrowserSignIn, BrowserSignInResult, DeviceApproval} from './oidc-approve.js';
