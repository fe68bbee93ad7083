/**
 * Browser sign-in: the authorization code grant with PKCE (RFC 7636, S256 always) and a
 * loopback redirect (RFC 8252), as a stream of events like the device code flow. The user's
 * own browser does the sign-in; msid only opens the URL and waits for the one answer.
 */
import * as oauth from 'oauth4webapi';
import {clientInfoParameters} from './client-info.js';
import {onMicrosoftPlatform} from './customer-authorities.js';
import {CancelledError, MsidError} from '../model/errors.js';
import type {SignInEvent} from '../model/sign-in-events.js';
import {startLoopbackListener, type CallbackPage, type LoopbackRedirect} from './loopback-listener.js';
import {aadstsCode} from './aadsts.js';
import {classifyFailure, failureToError} from './protocol-errors.js';
import {processTokenResponse, type ProtocolSession} from './session.js';
import type {TokenSet} from './token-set.js';

export interface AuthorizationCodeRequest {
	scopes: string[];
	/** A claims request (JSON), e.g. from a conditional access challenge. */
	claims?: string;
	/** Auth0's API identifier. */
	audience?: string;
	prompt?: string;
	loginHint?: string;
	domainHint?: string;
	/** Starts the user's browser; false when none could be started (the caller then prints the URL). */
	openBrowser: (url: string) => Promise<boolean>;
	/** How long the user has to finish in the browser. Default 5 minutes, on the session's clock. */
	timeoutMs?: number;
	/** The registered loopback redirect; default: loopbackRedirectFor(provider). */
	redirect?: LoopbackRedirect;
}

/**
 * Entra app registrations (the portal, Microsoft's own public clients) hold `http://localhost`,
 * and MSAL sends `http://localhost:PORT`; RFC 8252 (§7.3, §8.3) recommends the literal
 * `127.0.0.1`, which is right for other providers.
 */
export function loopbackRedirectFor(kind: ProtocolSession['provider']['kind']): LoopbackRedirect {
	return onMicrosoftPlatform(kind) ? {host: 'localhost', trailingSlash: false} : {host: '127.0.0.1', trailingSlash: true};
}

/** What the authorization request committed to; the redemption must present the same. */
export interface PreparedAuthorization {
	url: URL;
	redirectUri: string;
	state: string;
	codeVerifier: string;
	/** Sent when openid is requested; the ID token must echo it. */
	nonce?: string;
	scopes: string[];
}

const defaultTimeoutMs = 5 * 60 * 1000;

export async function * authorizationCodeFlow(session: ProtocolSession, request: AuthorizationCodeRequest): AsyncGenerator<SignInEvent, TokenSet> {
	if (!session.as.authorization_endpoint) {
		throw new MsidError('unsupported-flow', `${session.host} does not offer browser sign-in.`, {remedy: {kind: 'give-setting', setting: 'flow', value: 'device-code'}});
	}

	if (session.signal?.aborted) {
		throw cancelled();
	}

	let expectedState = '';
	const listener = await startLoopbackListener(query => callbackPage(interpretCallback(query, expectedState)), request.redirect ?? loopbackRedirectFor(session.provider.kind));
	try {
		const prepared = await prepareAuthorization(session, request, listener.redirectUri);
		expectedState = prepared.state;
		const opened = await request.openBrowser(prepared.url.href).catch(() => false);
		yield {type: 'browser', url: prepared.url.href, opened};
		const query = await waitForCallback(session, listener.callback, request.timeoutMs ?? defaultTimeoutMs);
		await listener.close();
		const outcome = interpretCallback(query, prepared.state);
		if (outcome.kind !== 'code') {
			throw callbackError(outcome, session.host);
		}

		return await redeemAuthorizationCode(session, prepared, query);
	} finally {
		await listener.close();
	}
}

/** Builds the authorization request: fresh state, PKCE verifier and (for openid) nonce. */
export async function prepareAuthorization(
	session: ProtocolSession,
	request: Omit<AuthorizationCodeRequest, 'openBrowser' | 'timeoutMs'>,
	redirectUri: string,
): Promise<PreparedAuthorization> {
	const state = oauth.generateRandomState();
	const codeVerifier = oauth.generateRandomCodeVerifier();
	const nonce = request.scopes.includes('openid') ? oauth.generateRandomNonce() : undefined;
	const url = new URL(session.as.authorization_endpoint!);
	const parameters = url.searchParams;
	parameters.set('client_id', session.client.client_id);
	parameters.set('response_type', 'code');
	parameters.set('redirect_uri', redirectUri);
	parameters.set('scope', request.scopes.join(' '));
	parameters.set('state', state);
	parameters.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
	parameters.set('code_challenge_method', 'S256');
	if (nonce) {
		parameters.set('nonce', nonce);
	}

	const prompt = promptFor(session, request);
	if (prompt) {
		parameters.set('prompt', prompt);
	}

	for (const [name, value] of [['login_hint', request.loginHint], ['domain_hint', request.domainHint], ['claims', request.claims], ['audience', request.audience]] as const) {
		if (value) {
			parameters.set(name, value);
		}
	}

	return {url, redirectUri, state, codeVerifier, ...(nonce ? {nonce} : {}), scopes: request.scopes};
}

/**
 * OpenID Connect Core (§11) lets a provider drop offline_access unless the user is asked for
 * consent, and strict providers do; Entra grants it without, so only other providers get it.
 */
function promptFor(session: ProtocolSession, request: {scopes: string[]; prompt?: string}): string | undefined {
	const prompts = (request.prompt ?? '').split(' ').filter(Boolean);
	if (!onMicrosoftPlatform(session.provider.kind) && request.scopes.includes('offline_access') && !prompts.includes('consent') && !prompts.includes('none')) {
		prompts.push('consent');
	}

	return prompts.length > 0 ? prompts.join(' ') : undefined;
}

/** Exchanges the callback's code with the PKCE verifier; the ID token must carry the nonce. */
export async function redeemAuthorizationCode(session: ProtocolSession, prepared: PreparedAuthorization, query: URLSearchParams): Promise<TokenSet> {
	// An authorization code is single use: a retry after a lost answer could only fail, so none.
	try {
		const callback = oauth.validateAuthResponse(session.as, session.client, query, prepared.state);
		const additionalParameters = new URLSearchParams(clientInfoParameters(session.provider.kind));
		if (onMicrosoftPlatform(session.provider.kind)) {
			// The v2.0 token endpoint wants the scopes again (docs/protocol.md).
			additionalParameters.set('scope', prepared.scopes.join(' '));
		}

		const response = await oauth.authorizationCodeGrantRequest(session.as, session.client, session.clientAuth, callback, prepared.redirectUri, prepared.codeVerifier, {
			additionalParameters,
			...session.options(session.as.token_endpoint!),
		});
		const expectedNonce = prepared.nonce ?? oauth.expectNoNonce;
		return await processTokenResponse(
			session,
			response,
			async (as, client, answer) => oauth.processAuthorizationCodeResponse(as, client, answer, {expectedNonce, requireIdToken: prepared.nonce !== undefined}),
			prepared.scopes,
		);
	} catch (error) {
		const failure = classifyFailure(error);
		if (failure.kind === 'oauth' && failure.error === 'invalid_grant') {
			// The generic invalid_grant advice speaks of refresh tokens; here it is the code.
			const code = failure.aadsts ? `AADSTS${failure.aadsts}` : 'invalid_grant';
			const server = failure.description?.split(/\r?\n/)[0]?.trim().slice(0, 300);
			throw new MsidError(
				'code-rejected',
				`Could not complete the browser sign-in (${code}): the server refused the authorization code (expired, already used, or the PKCE verifier did not match).`,
				{remedy: {kind: 'sign-in'}, facts: {serverCode: code, ...(server ? {serverMessage: server} : {})}},
			);
		}

		throw failureToError(failure, {action: 'complete the browser sign-in', host: session.host});
	}
}

type CallbackOutcome =
	| {kind: 'code'}
	| {kind: 'forged'}
	| {kind: 'no-code'}
	| {kind: 'error'; error: string; description?: string};

function interpretCallback(query: URLSearchParams, expectedState: string): CallbackOutcome {
	// The state is checked first: an error answer with a foreign state is forged too.
	if (!expectedState || query.get('state') !== expectedState) {
		return {kind: 'forged'};
	}

	const error = query.get('error');
	if (error) {
		const description = query.get('error_description');
		return {kind: 'error', error, ...(description ? {description} : {})};
	}

	return query.get('code') ? {kind: 'code'} : {kind: 'no-code'};
}

function callbackPage(outcome: CallbackOutcome): CallbackPage {
	switch (outcome.kind) {
		case 'code': {
			return {ok: true, title: 'Signed in', message: 'msid received the sign-in. You can close this tab and return to the terminal.'};
		}

		case 'forged': {
			// Any local process can reach the listener: a wrong answer must not end the sign-in.
			return {
				ok: false,
				ignored: true,
				title: 'Sign-in rejected',
				message: 'This answer does not belong to the sign-in msid started (its state does not match), so msid ignored it and still waits for the real one.',
			};
		}

		case 'no-code': {
			return {ok: false, title: 'Sign-in failed', message: 'The answer carried no authorization code. Return to the terminal and sign in again.'};
		}

		case 'error': {
			const declined = outcome.error === 'access_denied';
			const detail = outcome.description?.split(/\r?\n/)[0]?.slice(0, 300);
			return {
				ok: false,
				title: declined ? 'Sign-in declined' : 'Sign-in failed',
				message: `${declined ? 'The sign-in was declined.' : `The identity provider answered ${outcome.error}.`}${detail ? ` ${detail}` : ''} Return to the terminal.`,
			};
		}
	}
}

function callbackError(outcome: Exclude<CallbackOutcome, {kind: 'code'}>, host: string): MsidError {
	switch (outcome.kind) {
		case 'forged': {
			return new MsidError(
				'state-mismatch',
				'The browser sent back an answer whose state does not match this sign-in (a stale tab or a forged request), so it was rejected.',
				{remedy: {kind: 'sign-in'}},
			);
		}

		case 'no-code': {
			return new MsidError('bad-response', `Could not complete the browser sign-in: ${host} sent back no authorization code.`, {remedy: {kind: 'sign-in'}});
		}

		case 'error': {
			if (outcome.error === 'access_denied') {
				return new MsidError('declined', 'Sign-in was declined in the browser.', {remedy: {kind: 'sign-in'}});
			}

			return failureToError(
				{kind: 'oauth', error: outcome.error, ...(outcome.description ? {description: outcome.description} : {}), aadsts: aadstsCode(outcome.description), status: 400},
				{action: 'complete the browser sign-in', host},
			);
		}
	}
}

/** The callback, or a timeout on the session's clock, or the caller's abort; whichever comes first. */
async function waitForCallback(session: ProtocolSession, callback: Promise<URLSearchParams>, timeoutMs: number): Promise<URLSearchParams> {
	const stopTimer = new AbortController();
	const signal = session.signal ? AbortSignal.any([stopTimer.signal, session.signal]) : stopTimer.signal;
	const timer = session.clock.sleep(timeoutMs, signal).then(
		() => 'timeout' as const,
		() => 'aborted' as const,
	);
	try {
		const first = await Promise.race([callback, timer]);
		if (first === 'timeout') {
			throw new MsidError(
				'browser-timeout',
				`The browser sign-in was not finished within ${Math.round(timeoutMs / 60_000) || 1} minutes.`,
				{remedy: {kind: 'give-setting', setting: 'flow', value: 'device-code'}},
			);
		}

		if (first === 'aborted') {
			throw cancelled();
		}

		return first;
	} finally {
		stopTimer.abort();
	}
}

function cancelled(): CancelledError {
	return new CancelledError('Sign-in cancelled.');
}
