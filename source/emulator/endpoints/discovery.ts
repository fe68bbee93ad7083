import {sendJson, type Exchange} from '../http.js';
import {authorityIssuer} from '../issuers.js';
import {OIDC_SCOPES} from '../scopes.js';
import type {Authority} from '../authority.js';
import type {EmulatorContext} from '../context.js';

/**
 * `/{tenant}/v2.0/.well-known/openid-configuration`. Like Entra, the multi-tenant aliases
 * publish the template issuer `{host}/{tenantid}/v2.0` while a tenant publishes its own;
 * endpoints name a tenant by its id even when it was addressed by domain.
 */
export function handleDiscovery(context: EmulatorContext, exchange: Exchange, authority: Authority): void {
	sendJson(exchange.response, 200, authority.kind === 'tenant' && authority.policy ? b2cDiscoveryDocument(context, authority, authority.policy) : discoveryDocument(context, authority));
}

/**
 * A B2C user flow's document, shaped like a recorded one (test/fixtures/entra/b2c-openid-configuration.json):
 * endpoints under `/{tenant domain}/{policy}/`, the issuer naming the tenant id, no device code.
 */
function b2cDiscoveryDocument(context: EmulatorContext, authority: Extract<Authority, {kind: 'tenant'}>, policy: string): Record<string, unknown> {
	const base = `${context.url}/${authority.tenant.domain}/${policy}`;
	return {
		issuer: authorityIssuer(context, authority),
		authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
		token_endpoint: `${base}/oauth2/v2.0/token`,
		end_session_endpoint: `${base}/oauth2/v2.0/logout`,
		jwks_uri: `${base}/discovery/v2.0/keys`,
		response_modes_supported: ['query', 'fragment', 'form_post'],
		response_types_supported: ['code', 'code id_token', 'code token', 'code id_token token', 'id_token', 'id_token token', 'token', 'token id_token'],
		scopes_supported: ['openid'],
		subject_types_supported: ['pairwise'],
		id_token_signing_alg_values_supported: ['RS256'],
		token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
		claims_supported: ['name', 'emails', 'oid', 'sub', 'iss', 'iat', 'exp', 'aud', 'acr', 'nonce', 'auth_time'],
	};
}

function discoveryDocument(context: EmulatorContext, authority: Authority): Record<string, unknown> {
	const base = `${context.url}/${authority.kind === 'tenant' ? authority.tenant.id : authority.alias}`;
	return entraDiscoveryDocument(base, authorityIssuer(context, authority), new URL(context.url).host);
}

/** Entra's discovery members for the authority at `base` (`{host}/{tenant}`); the test replay server publishes the same. */
export function entraDiscoveryDocument(base: string, issuer: string, host: string): Record<string, unknown> {
	return {
		token_endpoint: `${base}/oauth2/v2.0/token`,
		token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
		jwks_uri: `${base}/discovery/v2.0/keys`,
		response_modes_supported: ['query', 'fragment', 'form_post'],
		subject_types_supported: ['pairwise'],
		id_token_signing_alg_values_supported: ['RS256'],
		response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
		scopes_supported: [...OIDC_SCOPES],
		issuer,
		request_uri_parameter_supported: false,
		authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
		device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
		end_session_endpoint: `${base}/oauth2/v2.0/logout`,
		http_logout_supported: true,
		frontchannel_logout_supported: true,
		claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email', 'oid'],
		grant_types_supported: [
			'authorization_code',
			'refresh_token',
			'client_credentials',
			'password',
			'urn:ietf:params:oauth:grant-type:device_code',
		],
		code_challenge_methods_supported: ['S256'],
		claims_parameter_supported: true,
		tenant_region_scope: 'NA',
		cloud_instance_name: host,
		cloud_graph_host_name: host,
		msgraph_host: host,
	};
}
