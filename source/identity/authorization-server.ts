/**
 * Discovery and the oauth4webapi objects built from it. Endpoints are learnt once at sign-in
 * and stored with the account, so refreshing a token costs one request, not two.
 */
import * as oauth from 'oauth4webapi';
import {MsidError} from '../model/errors.js';
import type {ProviderEndpoints, ProviderRecord} from '../model/account.js';
import {expectedIssuer, noDiscoveryCheck} from './oauth-internals.js';
import {classifyFailure, failureToError} from './protocol-errors.js';
import {clouds} from './clouds.js';
import {checkCustomerIssuer, isCustomerAuthority} from './customer-authorities.js';
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
		// Entra, B2C and External ID publish an issuer other than the discovery URL; each is checked below, to its own rule.
		document = await oauth.processDiscoveryResponse(provider.kind === 'entra' || isCustomerAuthority(provider.kind) ? noDiscoveryCheck : issuer, response);
	} catch (error) {
		if (error instanceof MsidError) {
			throw error;
		}

		throw failureToError(classifyFailure(error), {action: 'read the provider\'s OpenID configuration', host});
	}

	if (provider.kind === 'entra') {
		checkEntraIssuer(document.issuer, provider);
	} else if (isCustomerAuthority(provider.kind)) {
		checkCustomerIssuer(provider.kind, issuer, document.issuer);
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

/** `{origin}/{tenant part}/v2.0`: the shape of every Entra v2.0 issuer. */
const entraIssuerShape = /^(https?:\/\/[^/]+)\/([^/]+)\/v2\.0$/;

/**
 * Discovery for common/organizations/consumers publishes `{host}/{tenantid}/v2.0`; a tenant, a
 * concrete one. The host is the authority host or another host of the same cloud (MSAL's
 * instance-discovery aliases): the China cloud signs in at login.chinacloudapi.cn and issues as
 * login.partner.microsoftonline.cn. A tenant asked for by id must be the one named.
 */
function checkEntraIssuer(issuer: string, provider: ProviderRecord): void {
	const [, origin, tenantPart] = entraIssuerShape.exec(issuer) ?? [];
	const tenantOk = tenantPart === '{tenantid}' || (tenantPart !== undefined && isTenantId(tenantPart)
		&& (!provider.tenant || !isTenantId(provider.tenant) || tenantPart.toLowerCase() === provider.tenant.toLowerCase()));
	if (origin && tenantOk && entraIssuerOrigins(provider).has(origin.toLowerCase())) {
		return;
	}

	const host = provider.authorityHost ? new URL(provider.authorityHost).host : 'the authority';
	throw new MsidError(
		'bad-response',
		`${host} published an issuer that is not the ${provider.cloud ?? 'global'} cloud's (${issuer}), so it cannot be trusted: nothing was saved. Check the cloud and AZURE_AUTHORITY_HOST.`,
		{remedy: {kind: 'give-setting', setting: 'cloud'}, facts: {host}},
	);
}

/** Where an Entra provider's issuers may live: its authority host and the hosts of its cloud. */
function entraIssuerOrigins(provider: ProviderRecord): Set<string> {
	const aliases = clouds[provider.cloud ?? 'global'].aliases.map(alias => `https://${alias}`);
	return new Set([...(provider.authorityHost ? [provider.authorityHost.toLowerCase()] : []), ...aliases]);
}

/**
 * Entra endpoints for a specific tenant, derived without discovery (used to switch tenants). The
 * issuer keeps the host discovery named (it differs from the sign-in host in the China cloud).
 */
export function entraTenantEndpoints(provider: ProviderRecord, tenant: string): ProviderEndpoints {
	const authority = `${provider.authorityHost}/${tenant}`;
	const issuerOrigin = entraIssuerShape.exec(provider.endpoints?.issuer ?? '')?.[1] ?? provider.authorityHost;
	return {
		issuer: `${issuerOrigin}/${tenant}/v2.0`,
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
