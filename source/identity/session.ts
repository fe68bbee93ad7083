/**
 * A ProtocolSession bundles what every grant needs: the server and client objects, the
 * fetch that watches the server clock, and the step that turns a raw token response into a
 * validated TokenSet. Each grant module supplies only its request.
 */
import * as oauth from 'oauth4webapi';
import type {ProviderEndpoints, ProviderRecord} from '../model/account.js';
import type {Clock} from '../model/clock.js';
import {authorizationServer, requestOptions, type ProtocolOptions} from './authorization-server.js';
import {createProtocolFetch, type HttpContext, type ServerTime} from './http.js';
import {toTokenSet, type TokenSet} from './token-set.js';

export interface ProtocolSession {
	provider: ProviderRecord;
	as: oauth.AuthorizationServer;
	client: oauth.Client;
	clientAuth: oauth.ClientAuth;
	serverTime: ServerTime;
	clock: Clock;
	signal?: AbortSignal;
	/** host[:port] of the token endpoint, for messages. */
	host: string;
	options(url: string | URL): ProtocolOptions;
}

export function openSession(
	provider: ProviderRecord,
	endpoints: ProviderEndpoints,
	http: HttpContext,
	client: oauth.Client = {client_id: provider.clientId, token_endpoint_auth_method: 'none'},
	clientAuth: oauth.ClientAuth = oauth.None(),
): ProtocolSession {
	const {fetch, serverTime} = createProtocolFetch(http);
	return {
		provider,
		as: authorizationServer(endpoints),
		client,
		clientAuth,
		serverTime,
		clock: http.clock,
		...(http.signal ? {signal: http.signal} : {}),
		host: new URL(endpoints.token).host,
		options: url => requestOptions(url, fetch, http.signal),
	};
}

export type ResponseProcessor = (
	as: oauth.AuthorizationServer,
	client: oauth.Client,
	response: Response,
) => Promise<oauth.TokenEndpointResponse>;

/**
 * Validates a token response (ID token claims and, where the server publishes keys, its
 * signature) with oauth4webapi's notion of "now" set to the server's clock as seen through the
 * injected clock, so a skewed laptop or a test's fake clock does not fail a good ID token.
 */
export async function processTokenResponse(
	session: ProtocolSession,
	response: Response,
	process: ResponseProcessor,
	requestedScopes: string[],
): Promise<TokenSet> {
	session.client[oauth.clockSkew] = Math.round((session.clock.now() - Date.now() + session.serverTime.skewMs) / 1000);
	const result = await process(session.as, session.client, response);
	const idClaims = oauth.getValidatedIdTokenClaims(result);
	if (idClaims && session.as.jwks_uri) {
		await oauth.validateApplicationLevelSignature(session.as, response, session.options(session.as.jwks_uri));
	}

	return toTokenSet(result, session.serverTime, requestedScopes, idClaims as Record<string, unknown> | undefined);
}
