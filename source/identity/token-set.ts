/**
 * A token endpoint response reduced to what msid keeps, with expiry on the local clock.
 */
import type * as oauth from 'oauth4webapi';
import type {ServerTime} from './http.js';
import {parseClientInfo, type ClientInfo} from './client-info.js';
import {significantSkew} from './http.js';
import {decodeJwtPayload} from './jwt-claims.js';

export interface TokenSet {
	accessToken: string;
	tokenType: string;
	/** Epoch ms on the local clock. */
	expiresAt: number;
	obtainedAt: number;
	/** The response's `scope`, or the requested scopes when the server left it out (RFC 6749 §5.1). */
	grantedScopes: string[];
	refreshToken?: string;
	idToken?: string;
	idClaims?: Record<string, unknown>;
	/** Entra's client_info: the user's home object id and tenant, the same in every tenant. */
	clientInfo?: ClientInfo;
	/** Server clock minus local clock, when beyond a minute. */
	skewMs?: number;
	/** Epoch ms on the local clock from `refresh_in`: when the server wants the token renewed (long-lived CAE tokens). */
	refreshAt?: number;
}

/** Without expires_in, assume the shortest lifetime Entra issues rather than trusting nothing. */
const fallbackLifetimeMs = 60 * 60 * 1000;

export function toTokenSet(
	response: oauth.TokenEndpointResponse,
	serverTime: ServerTime,
	requestedScopes: string[],
	idClaims?: Record<string, unknown>,
): TokenSet {
	const skewMs = significantSkew(serverTime);
	const set: TokenSet = {
		accessToken: response.access_token,
		// oauth4webapi lower-cases token_type; the header scheme is conventionally "Bearer".
		tokenType: response.token_type === 'bearer' ? 'Bearer' : response.token_type,
		expiresAt: expiry(response, serverTime, skewMs),
		obtainedAt: serverTime.receivedAt,
		grantedScopes: typeof response.scope === 'string' ? splitScopes(response.scope) : [...requestedScopes],
	};
	if (response.refresh_token) {
		set.refreshToken = response.refresh_token;
	}

	if (response.id_token) {
		set.idToken = response.id_token;
	}

	if (idClaims) {
		set.idClaims = idClaims;
	}

	if (skewMs !== undefined) {
		set.skewMs = skewMs;
	}

	const clientInfo = parseClientInfo(response['client_info']);
	if (clientInfo) {
		set.clientInfo = clientInfo;
	}

	// MSAL honours refresh_in (seconds) when it is shorter than the lifetime; so does msid.
	const refreshIn = response['refresh_in'];
	if (typeof refreshIn === 'number' && refreshIn > 0 && serverTime.receivedAt + refreshIn * 1000 < set.expiresAt) {
		set.refreshAt = serverTime.receivedAt + refreshIn * 1000;
	}

	return set;
}

/**
 * A relative lifetime (expires_in) needs no clock agreement: receive time plus lifetime.
 * Only an absolute `exp` from the server must be moved onto the local clock by the skew.
 */
function expiry(response: oauth.TokenEndpointResponse, serverTime: ServerTime, skewMs: number | undefined): number {
	if (typeof response.expires_in === 'number' && response.expires_in > 0) {
		return serverTime.receivedAt + response.expires_in * 1000;
	}

	const exp = jwtExpiry(response.access_token);
	if (exp !== undefined) {
		return exp - (skewMs ?? 0);
	}

	return serverTime.receivedAt + fallbackLifetimeMs;
}

function jwtExpiry(token: string): number | undefined {
	const exp = decodeJwtPayload(token)?.['exp'];
	return typeof exp === 'number' ? exp * 1000 : undefined;
}

export function splitScopes(scope: string): string[] {
	return scope.split(' ').filter(Boolean);
}
