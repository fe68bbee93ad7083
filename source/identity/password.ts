/**
 * Resource owner password credentials (RFC 6749 §4.3), for the Azure SDK's AZURE_USERNAME /
 * AZURE_PASSWORD convention. Deprecated: the password passes through msid, and an account
 * with multi-factor authentication or a conditional access policy cannot sign in this way.
 */
import * as oauth from 'oauth4webapi';
import {clientInfoParameters} from './client-info.js';
import {retryOnce} from './refresh.js';
import {processTokenResponse, type ProtocolSession} from './session.js';
import type {TokenSet} from './token-set.js';

export const passwordFlowWarning
	= 'The password flow is deprecated and cannot do multi-factor authentication or conditional access: prefer a browser or device code sign-in.';

export interface PasswordRequest {
	username: string;
	password: string;
	scopes: string[];
	claims?: string;
	audience?: string;
}

export async function passwordTokens(session: ProtocolSession, request: PasswordRequest): Promise<TokenSet> {
	const parameters = new URLSearchParams({username: request.username, password: request.password, ...clientInfoParameters(session.provider.kind)});
	if (request.scopes.length > 0) {
		parameters.set('scope', request.scopes.join(' '));
	}

	if (request.claims) {
		parameters.set('claims', request.claims);
	}

	if (request.audience) {
		parameters.set('audience', request.audience);
	}

	return retryOnce(session, {action: `sign in ${request.username} with a password`, signIn: {kind: 'give-setting', setting: 'flow', value: 'device-code'}}, async () => {
		const response = await oauth.genericTokenEndpointRequest(session.as, session.client, session.clientAuth, 'password', parameters, session.options(session.as.token_endpoint!));
		return processTokenResponse(session, response, oauth.processGenericTokenEndpointResponse, request.scopes);
	});
}
