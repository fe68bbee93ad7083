/**
 * The device authorization grant (RFC 8628) as a stream of events. The loop owns the timing
 * rules: poll at the interval, add 5 s for good on slow_down, ride out network blips and 5xx
 * with backoff never faster than the interval, wait out a 429's Retry-After, stop at the
 * code's expiry or on abort.
 */
import * as oauth from 'oauth4webapi';
import {clientInfoParameters} from './client-info.js';
import {CancelledError, MsidError, type ErrorFacts} from '../model/errors.js';
import type {SignInEvent} from '../model/sign-in-events.js';
import {classifyFailure, failureToError, serverFacts, type ProtocolFailure} from './protocol-errors.js';
import {processTokenResponse, type ProtocolSession} from './session.js';
import type {TokenSet} from './token-set.js';

export interface DeviceCodeRequest {
	scopes: string[];
	/** A claims request (JSON), e.g. from a conditional access challenge. */
	claims?: string;
	/** Auth0's API identifier. */
	audience?: string;
}

const slowDownStepSeconds = 5;
const maxBackoffMs = 60_000;
/** Broken bodies are not blips; give up on them sooner than on the network. */
const maxConsecutiveBadResponses = 3;

export async function * deviceCodeFlow(session: ProtocolSession, request: DeviceCodeRequest): AsyncGenerator<SignInEvent, TokenSet> {
	const {clock, signal} = session;
	const endpoint = session.as.device_authorization_endpoint;
	if (!endpoint) {
		throw new MsidError('unsupported-flow', `${session.host} does not offer device code sign-in.`, {remedy: {kind: 'give-setting', setting: 'flow', value: 'browser'}});
	}

	const authorization = await startDeviceAuthorization(session, endpoint, request);
	const expiresAt = clock.now() + authorization.expires_in * 1000;
	let interval = Math.max(authorization.interval ?? 5, 1);
	yield {
		type: 'code',
		userCode: authorization.user_code,
		verificationUri: authorization.verification_uri,
		...(authorization.verification_uri_complete ? {verificationUriComplete: authorization.verification_uri_complete} : {}),
		...(typeof authorization['message'] === 'string' ? {message: authorization['message']} : {}),
		expiresAt,
		interval,
	};

	let polls = 0;
	let failures = 0;
	let badResponses = 0;
	let wait = interval * 1000;
	for (;;) {
		const remaining = expiresAt - clock.now();
		await sleep(session, Math.min(wait, Math.max(remaining, 0)));
		if (clock.now() >= expiresAt) {
			throw expired();
		}

		polls++;
		let outcome: {tokens: TokenSet} | {failure: ProtocolFailure};
		try {
			const response = await oauth.deviceCodeGrantRequest(session.as, session.client, session.clientAuth, authorization.device_code, {
				additionalParameters: clientInfoParameters(session.provider.kind),
				...session.options(session.as.token_endpoint!),
			});
			outcome = {tokens: await processTokenResponse(session, response, oauth.processDeviceCodeResponse, request.scopes)};
		} catch (error) {
			outcome = {failure: classifyFailure(error)};
		}

		if ('tokens' in outcome) {
			if (!outcome.tokens.refreshToken && request.scopes.length > 0) {
				yield {type: 'warning', code: 'no-refresh-token', message: noRefreshTokenWarning(request.scopes)};
			}

			return outcome.tokens;
		}

		const {failure} = outcome;
		if (failure.kind === 'cancelled' || signal?.aborted) {
			throw new CancelledError('Sign-in cancelled.');
		}

		if (failure.kind === 'oauth') {
			failures = 0;
			badResponses = 0;
			switch (failure.error) {
				case 'authorization_pending': {
					wait = interval * 1000;
					yield {type: 'pending', polls, interval, nextPollAt: clock.now() + wait};
					continue;
				}

				case 'slow_down': {
					interval += slowDownStepSeconds;
					wait = interval * 1000;
					yield {type: 'slow-down', polls, interval, nextPollAt: clock.now() + wait};
					continue;
				}

				case 'authorization_declined':
				case 'access_denied': {
					throw new MsidError('declined', 'Sign-in was declined in the browser.', {remedy: {kind: 'sign-in'}});
				}

				case 'expired_token': {
					throw expired({...serverFacts(failure), host: session.host});
				}

				case 'bad_verification_code': {
					throw new MsidError('bad-verification-code', 'The server did not recognise the device code.', {remedy: {kind: 'sign-in'}});
				}

				default: {
					throw failureToError(failure, {action: 'complete the sign-in', host: session.host});
				}
			}
		}

		if (failure.kind === 'throttled') {
			// 429: never ask again before Retry-After, and never faster than the interval.
			failures = 0;
			wait = Math.max(failure.retryAfterMs, interval * 1000);
			yield {type: 'retrying', polls, attempt: 1, reason: failure.reason, nextPollAt: clock.now() + wait};
			continue;
		}

		if (failure.kind === 'bad-response' && ++badResponses >= maxConsecutiveBadResponses) {
			throw failureToError(failure, {action: 'complete the sign-in', host: session.host});
		}

		failures++;
		wait = Math.min(interval * 1000 * 2 ** (failures - 1), Math.max(maxBackoffMs, interval * 1000));
		yield {type: 'retrying', polls, attempt: failures, reason: failure.reason, nextPollAt: clock.now() + wait};
	}
}

async function startDeviceAuthorization(session: ProtocolSession, endpoint: string, request: DeviceCodeRequest) {
	const parameters = new URLSearchParams({scope: request.scopes.join(' ')});
	if (request.claims) {
		parameters.set('claims', request.claims);
	}

	if (request.audience) {
		parameters.set('audience', request.audience);
	}

	try {
		const response = await oauth.deviceAuthorizationRequest(session.as, session.client, session.clientAuth, parameters, session.options(endpoint));
		return await oauth.processDeviceAuthorizationResponse(session.as, session.client, response);
	} catch (error) {
		throw failureToError(classifyFailure(error), {action: 'start the device code sign-in', host: session.host});
	}
}

async function sleep(session: ProtocolSession, ms: number): Promise<void> {
	try {
		await session.clock.sleep(ms, session.signal);
	} catch {
		throw new CancelledError('Sign-in cancelled.');
	}
}

/** The server's code is named when it said so (Entra: AADSTS70020), as in every other failure. */
function expired(facts?: ErrorFacts & {serverCode: string}): MsidError {
	const said = facts ? ` (${facts.serverCode})` : '';
	return new MsidError('device-code-expired', `The sign-in code expired before it was used${said}.`, {remedy: {kind: 'sign-in'}, ...(facts ? {facts} : {})});
}

export function noRefreshTokenWarning(scopes: string[]): string {
	return scopes.includes('offline_access')
		? 'The server returned no refresh token although offline_access was requested: msid will have to sign in again when this token expires.'
		: 'No refresh token was returned because the offline_access scope was not requested: ask for it to stay signed in.';
}
