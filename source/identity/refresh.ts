/**
 * The refresh_token grant. One retry rides out a blip; anything else is reported, and an
 * invalid grant comes back as 'sign-in-required' so the caller can mark the account.
 */
import * as oauth from 'oauth4webapi';
import {clientInfoParameters} from './client-info.js';
import {classifyFailure, failureToError, type FailureContext} from './protocol-errors.js';
import {processTokenResponse, type ProtocolSession} from './session.js';
import type {TokenSet} from './token-set.js';

export interface RefreshRequest {
	scopes: string[];
	claims?: string;
	audience?: string;
}

const retryDelayMs = 1000;

export async function refreshTokens(session: ProtocolSession, refreshToken: string, request: RefreshRequest, context: Omit<FailureContext, 'host'>): Promise<TokenSet> {
	const additionalParameters = new URLSearchParams(clientInfoParameters(session.provider.kind));
	if (request.scopes.length > 0) {
		additionalParameters.set('scope', request.scopes.join(' '));
	}

	if (request.claims) {
		additionalParameters.set('claims', request.claims);
	}

	if (request.audience) {
		additionalParameters.set('audience', request.audience);
	}

	return retryOnce(session, context, async () => {
		const response = await oauth.refreshTokenGrantRequest(session.as, session.client, session.clientAuth, refreshToken, {
			additionalParameters,
			...session.options(session.as.token_endpoint!),
		});
		return processTokenResponse(session, response, oauth.processRefreshTokenResponse, request.scopes);
	});
}

/**
 * Runs a token request; a transient failure that is safe to repeat (5xx, 429, a refused
 * connection) is retried once after a pause. See ProtocolFailure for what is not.
 */
export async function retryOnce(session: ProtocolSession, context: Omit<FailureContext, 'host'>, attempt: () => Promise<TokenSet>): Promise<TokenSet> {
	for (let tries = 1; ; tries++) {
		try {
			return await attempt();
		} catch (error) {
			const failure = classifyFailure(error);
			if (failure.kind !== 'transient' || !failure.retry || tries >= 2) {
				throw failureToError(failure, {...context, host: session.host});
			}

			await session.clock.sleep(retryDelayMs, session.signal);
		}
	}
}
