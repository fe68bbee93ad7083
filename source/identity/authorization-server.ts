/**
 * Discovery and the oauth4webapi objects built from it. Endpoints are learnt once at sign-in
 * and stored with the account, so refreshing a token costs one request, not two.
 */
import * as oauth from 'oauth4webapi';
import {MsidError} from '../model/errors.js';
import type {ProviderEndpoints, ProviderRecord} from '../model/account.js';
import {expectedIssuer, noDiscoveryCheck} from './oauth-internals.js';
import {classifyFailure, failureToError} from './protocol-errors.js';
import {isLoopbackHost} from './loopback.js';
import {discoveryIssuer, isTenantId} from './providers.js';

export interface ProtocolOptions {
	[oauth.customFetch]: typeof fetch;
	[oauth.allowInsecureRequests]?: boolean;
	signal?: AbortSignal;
}

export function requestOptions(url: string | URL, fetchImpl: typeof fetch, signal?: AbortSignal): ProtocolOptions {
	const parsed = new URL(url);
	return {
		[oauth.customFetch]: fetchImpl,
		// Only ever for http on a loopback address (test servers and the local emulator).
		[oauth.allowInsecureRequests]: parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname),
		...(signal ? {signal} : {}),
	};
}

export async function discover(provider: ProviderRecord, fetchImpl: typeof fetch, signal?: AbortSignal): Promise<ProviderEndpoints> {
	const issuer = discoveryIssuer(provider);
	const host = issuer.host;
	let document: oauth.AuthorizationServer;
	try {
		const response = await oauth.discoveryRequest(issuer, {algorithm: 'oidc', ...requestOptions(issuer, fetchImpl, signal)});
		await throwOnErrorBody(response);
		document = await oauth.processDiscoveryResponse(provider.kind === 'entra' ? noDiscoveryCheck : issuer, response);
	} catch (error) {
		if (error instanceof MsidError) {
			throw error;
		}

		throw failureToError(classifyFailure(error), {action: 'read the provider\'s OpenID configuration', host});
	}

	if (provider.kind === 'entra') {
		checkEntraIssuer(document.issuer, provider);
	}

	if (!document.token_endpoint) {
		throw new MsidError('bad-response', `The OpenID configuration at ${host} has no token_endpoint: check the issuer URL.`);
	}

	return {
		issuer: document.issuer,
		token: document.token_endpoint,
		...(document.device_authorization_endpoint ? {deviceAuthorization: document.device_authorization_endpoint} : {}),
		...(document.authorization_endpoint ? {authorization: document.authorization_endpoint} : {}),
		...(document.jwks_uri ? {jwks: document.jwks_uri} : {}),
		...(document.revocation_endpoint ? {revocation: document.revocation_endpoint} : {}),
	};
}

/** Entra answers an unknown tenant with a 400 AADSTS body where a discovery document should be. */
async function throwOnErrorBody(response: Response): Promise<void> {
	if (response.status < 400 || response.status >= 500) {
		return;
	}

	const body = (await response.clone().json().catch(() => undefined)) as Record<string, unknown> | undefined;
	if (typeof body?.['error'] === 'string') {
		throw new oauth.ResponseBodyError('discovery error', {cause: body as oauth.OAuth2Error, response});
	}
}

/** Discovery for common/organizations/consumers publishes `{host}/{tenantid}/v2.0`; a tenant, a concrete one. */
function checkEntraIssuer(issuer: string, provider: ProviderRecord): void {
	const prefix = `${provider.authorityHost}/`;
	const tenantPart = issuer.startsWith(prefix) && issuer.endsWith('/v2.0') ? issuer.slice(prefix.length, -'/v2.0'.length) : undefined;
	if (tenantPart === '{tenantid}' || (tenantPart && isTenantId(tenantPart))) {
		return;
	}

	throw new MsidError('bad-response', `The Entra OpenID configuration names an unexpected issuer (${issuer}): check AZURE_AUTHORITY_HOST.`);
}

/** Entra endpoints for a specific tenant, derived without discovery (used to switch tenants). */
export function entraTenantEndpoints(provider: ProviderRecord, tenant: string): ProviderEndpoints {
	const authority = `${provider.authorityHost}/${tenant}`;
	return {
		issuer: `${authority}/v2.0`,
		token: `${authority}/oauth2/v2.0/token`,
		deviceAuthorization: `${authority}/oauth2/v2.0/devicecode`,
		authorization: `${authority}/oauth2/v2.0/authorize`,
		jwks: `${authority}/discovery/v2.0/keys`,
	};
}

export function authorizationServer(endpoints: ProviderEndpoints): oauth.AuthorizationServer {
	const as: oauth.AuthorizationServer = {
		issuer: endpoints.issuer,
		token_endpoint: endpoints.token,
		...(endpoints.deviceAuthorization ? {device_authorization_endpoint: endpoints.deviceAuthorization} : {}),
		...(endpoints.authorization ? {authorization_endpoint: endpoints.authorization} : {}),
		...(endpoints.jwks ? {jwks_uri: endpoints.jwks} : {}),
		...(endpoints.revocation ? {revocation_endpoint: endpoints.revocation} : {}),
	};
	if (endpoints.issuer.includes('{tenantid}')) {
		// Multi-tenant authorities publish a template issuer; the ID token carries the concrete
		// tenant in `tid`. Validate against the template filled with that tid: the issuer check
		// still binds the token to this authority host, and audience, expiry and signature stay strict.
		(as as unknown as Record<symbol, unknown>)[expectedIssuer] = (result: {claims: Record<string, unknown>}) => {
			const tid = result.claims['tid'];
			return typeof tid === 'string' && isTenantId(tid) ? endpoints.issuer.replace('{tenantid}', tid) : endpoints.issuer;
		};
	}

	return as;
}
