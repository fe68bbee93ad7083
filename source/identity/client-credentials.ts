/**
 * The client credentials grant for daemons and pipelines: an application token, no user, no
 * refresh token ("refreshing" is asking again with the same credential). The credential is
 * the session's client authentication: a secret (client_secret_post, Auth0's and Entra's
 * default) or a certificate assertion (client-assertion.ts).
 */
import * as oauth from 'oauth4webapi';
import {UsageError} from '../model/errors.js';
import type {ProviderRecord} from '../model/account.js';
import {retryOnce} from './refresh.js';
import {processTokenResponse, type ProtocolSession} from './session.js';
import type {TokenSet} from './token-set.js';

export interface ClientCredentialsRequest {
	scopes: string[];
	/** Auth0's API identifier. */
	audience?: string;
}

/** A confidential client for openSession; pair it with secretClientAuth or certificateClientAuth. */
export function confidentialClient(clientId: string): oauth.Client {
	return {client_id: clientId};
}

export function secretClientAuth(secret: string): oauth.ClientAuth {
	return oauth.ClientSecretPost(secret);
}

export async function clientCredentialsTokens(session: ProtocolSession, request: ClientCredentialsRequest): Promise<TokenSet> {
	checkClientCredentialsScopes(session.provider, request.scopes);
	const parameters = new URLSearchParams();
	if (request.scopes.length > 0) {
		parameters.set('scope', request.scopes.join(' '));
	}

	if (request.audience) {
		parameters.set('audience', request.audience);
	}

	return retryOnce(session, {action: 'get an application token'}, async () => {
		const response = await oauth.clientCredentialsGrantRequest(session.as, session.client, session.clientAuth, parameters, session.options(session.as.token_endpoint!));
		return processTokenResponse(session, response, oauth.processClientCredentialsResponse, request.scopes);
	});
}

/**
 * An application holds the permissions granted to it; Entra only lets it ask for all of them
 * for one resource at a time, as `{resource}/.default`. Refused here, before any request.
 */
export function checkClientCredentialsScopes(provider: Pick<ProviderRecord, 'kind'>, scopes: string[]): void {
	if (provider.kind !== 'entra') {
		return;
	}

	const example = 'for example https://graph.microsoft.com/.default';
	if (scopes.length === 0) {
		throw new UsageError(`Client credentials need a scope of the form RESOURCE/.default (${example}).`);
	}

	const other = scopes.find(scope => !scope.endsWith('/.default'));
	if (other !== undefined) {
		throw new UsageError(
			`Client credentials take RESOURCE/.default, not "${other}": an application gets the permissions granted to it on the resource (${example}).`,
		);
	}

	if (scopes.length > 1) {
		throw new UsageError(`Client credentials take one RESOURCE/.default scope per token, not ${scopes.length}: ask for each resource separately.`);
	}
}
