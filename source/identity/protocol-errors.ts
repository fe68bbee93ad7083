/**
 * Sorts whatever a protocol request threw into what msid does about it: an OAuth error the
 * server meant (terminal, with guidance), a transient failure (retry), a response that is not
 * what the protocol promises (report), or a cancellation.
 */
import * as oauth from 'oauth4webapi';
import {CancelledError, MsidError, ThrottledError, type Remedy} from '../model/errors.js';
import {aadstsAdvice, aadstsCode} from './aadsts.js';

export type ProtocolFailure =
	| {kind: 'oauth'; error: string; description?: string; aadsts?: number; status: number}
	/**
	 * A failure that may pass by itself. `retry`: asking again at once is safe, because the server
	 * said it did nothing (5xx, 429) or the request never reached it (refused, not resolved). A
	 * timeout or a dropped connection may have been answered by a server that already rotated the
	 * refresh token: replaying it would revoke the session, so those are not retried.
	 */
	| {kind: 'transient'; reason: string; retry: boolean}
	/** 429: the server asks to wait `retryAfterMs` before the next request. */
	| {kind: 'throttled'; reason: string; retryAfterMs: number}
	| {kind: 'bad-response'; reason: string}
	| {kind: 'cancelled'};

export function classifyFailure(error: unknown): ProtocolFailure {
	if (error instanceof CancelledError) {
		return {kind: 'cancelled'};
	}

	if (error instanceof oauth.ResponseBodyError) {
		if (error.status === 429) {
			return throttled(error.response);
		}

		if (error.status >= 500 || error.error === 'temporarily_unavailable') {
			return {kind: 'transient', reason: `the server answered ${error.status} ${error.error}`, retry: true};
		}

		return {
			kind: 'oauth',
			error: error.error,
			description: error.error_description,
			aadsts: aadstsCode(error.error_description, error.cause['error_codes']),
			status: error.status,
		};
	}

	if (error instanceof oauth.WWWAuthenticateChallengeError) {
		const challenge = error.cause[0];
		const code = challenge?.parameters.error ?? 'invalid_client';
		return {kind: 'oauth', error: code, description: challenge?.parameters.error_description, status: error.response.status};
	}

	if (error instanceof Error && error.name === 'AbortError') {
		return {kind: 'cancelled'};
	}

	if (error instanceof Error && error.name === 'TimeoutError') {
		return {kind: 'transient', reason: 'no answer in time', retry: false};
	}

	if (error instanceof oauth.OperationProcessingError) {
		const {cause} = error as {cause?: unknown};
		if (cause instanceof Response) {
			if (cause.status === 429) {
				return throttled(cause);
			}

			if (cause.status >= 500) {
				return {kind: 'transient', reason: `the server answered ${cause.status}`, retry: true};
			}

			if (isHtml(cause)) {
				return {kind: 'transient', reason: htmlReason, retry: false};
			}

			return {kind: 'bad-response', reason: `the server answered ${cause.status} ${describeContentType(cause)}`};
		}

		if (error.code === oauth.PARSE_ERROR || error.code === oauth.RESPONSE_IS_NOT_JSON) {
			return {kind: 'bad-response', reason: 'the response is not JSON (an HTML page or a broken body)'};
		}

		return {kind: 'bad-response', reason: error.message.replaceAll('"', '')};
	}

	if (error instanceof TypeError && (/fetch failed|terminated|socket/i.test(error.message) || error.cause instanceof Error)) {
		return {kind: 'transient', reason: networkReason(error), retry: neverSent(error)};
	}

	return {kind: 'bad-response', reason: error instanceof Error ? error.message : String(error)};
}

/** A captive portal or a proxy's sign-in page answers an API call with a web page. */
const htmlReason = 'an HTML page came back instead of the server\'s answer (a captive portal or a proxy sign-in page?)';

function isHtml(response: Response): boolean {
	return /^\s*text\/html\b/i.test(response.headers.get('content-type') ?? '');
}

/** The request cannot have reached the server. */
function neverSent(error: TypeError): boolean {
	const code = (error.cause as {code?: string} | undefined)?.code;
	return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

/** Without a usable Retry-After, wait a minute: asking again at once is what throttling punishes. */
const defaultRetryAfterMs = 60_000;
/** A Retry-After beyond a day is a broken header, not advice. */
const maxRetryAfterMs = 24 * 60 * 60 * 1000;

function throttled(response: Response): ProtocolFailure {
	return {kind: 'throttled', reason: 'the server is throttling requests (429 Too Many Requests)', retryAfterMs: retryAfterMs(response.headers.get('retry-after'))};
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
	const value = header?.trim() ?? '';
	let ms: number | undefined;
	if (/^\d{1,9}$/.test(value)) {
		ms = Number(value) * 1000;
	} else if (value) {
		const date = Date.parse(value);
		ms = Number.isNaN(date) ? undefined : date - now;
	}

	return ms === undefined || ms <= 0 ? defaultRetryAfterMs : Math.min(ms, maxRetryAfterMs);
}

function describeContentType(response: Response): string {
	const type = response.headers.get('content-type') ?? 'no content type';
	return `with ${type.split(';')[0]} instead of an OAuth JSON body`;
}

function networkReason(error: TypeError): string {
	const cause = error.cause as {code?: string; message?: string} | undefined;
	switch (cause?.code) {
		case 'ECONNREFUSED': {
			return 'the connection was refused';
		}

		case 'ENOTFOUND':
		case 'EAI_AGAIN': {
			return 'the host name could not be resolved';
		}

		case 'MSID_PROXY_REFUSED': {
			return cause.message ?? 'the proxy refused to connect';
		}

		case 'ECONNRESET':
		case 'UND_ERR_SOCKET': {
			return 'the connection was dropped';
		}

		default: {
			return cause?.message ? `network error (${cause.message})` : 'network error';
		}
	}
}

/** Turns a failure into the one-line error the user sees. `action` reads like "refresh the token". */
export interface FailureContext {
	action: string;
	host: string;
	/** The account concerned, when there is one: a sign-in-required error names it in its remedy. */
	account?: string;
	/** What to do when the server wants an interactive sign-in; default: sign `account` in again. */
	signIn?: Remedy;
}

export function failureToError(failure: ProtocolFailure, context: FailureContext): MsidError {
	switch (failure.kind) {
		case 'cancelled': {
			return new CancelledError();
		}

		case 'transient': {
			return new MsidError('network', `Could not ${context.action} at ${context.host}: ${failure.reason}.`, {remedy: {kind: 'check-network'}, facts: {host: context.host}});
		}

		case 'throttled': {
			return throttledError(context, failure.retryAfterMs);
		}

		case 'bad-response': {
			return new MsidError(
				'bad-response',
				`Could not ${context.action}: ${context.host} did not answer as an OAuth server should (${failure.reason}).`,
				{remedy: {kind: 'give-setting', setting: 'issuer'}, facts: {host: context.host}},
			);
		}

		case 'oauth': {
			return oauthError(failure, context);
		}
	}
}

/** The provider throttles: say so, and when asking again makes sense. */
export function throttledError(context: Pick<FailureContext, 'action' | 'host'>, retryAfterMs: number): MsidError {
	const seconds = Math.ceil(retryAfterMs / 1000);
	return new ThrottledError(`Could not ${context.action}: ${context.host} is throttling requests (429 Too Many Requests). Try again in ${seconds} s.`, retryAfterMs);
}

function oauthError(failure: Extract<ProtocolFailure, {kind: 'oauth'}>, context: FailureContext): MsidError {
	const advice = aadstsAdvice(failure.aadsts);
	const {serverCode: code, serverMessage: server} = serverFacts(failure);
	const what = advice?.advice ?? genericAdvice(failure.error);
	// A known code decides; otherwise the OAuth error does (RFC 6749 §5.2, OIDC Core §3.1.2.6).
	const needsSignIn = advice ? Boolean(advice.needsSignIn) : failure.error === 'invalid_grant';
	const interaction = advice ? Boolean(advice.interaction) : interactionErrors.has(failure.error);
	const remedy: Remedy | undefined = needsSignIn || interaction
		? context.signIn ?? {kind: 'sign-in', ...(context.account === undefined ? {} : {account: context.account})}
		: advice?.remedy ?? genericRemedy(failure.error);
	return new MsidError(
		needsSignIn ? 'sign-in-required' : interaction ? 'interaction-required' : `oauth-${failure.error}`,
		`Could not ${context.action} (${code}): ${what}`,
		{
			...(remedy ? {remedy} : {}),
			facts: {serverCode: code, host: context.host, ...(server ? {serverMessage: server} : {}), ...(context.account === undefined ? {} : {account: context.account})},
		},
	);
}

/** The code a server's OAuth error is known by (its AADSTS number when it has one) and the first line of what it said. */
export function serverFacts(failure: Extract<ProtocolFailure, {kind: 'oauth'}>): {serverCode: string; serverMessage?: string} {
	const server = firstLine(failure.description);
	return {serverCode: failure.aadsts ? `AADSTS${failure.aadsts}` : failure.error, ...(server ? {serverMessage: server} : {})};
}

function genericRemedy(error: string): Remedy | undefined {
	switch (error) {
		case 'invalid_client':
		case 'unauthorized_client': {
			return {kind: 'give-setting', setting: 'client-id'};
		}

		case 'invalid_scope': {
			return {kind: 'give-setting', setting: 'scope'};
		}

		default: {
			return undefined;
		}
	}
}

const interactionErrors = new Set(['interaction_required', 'login_required', 'consent_required']);

function genericAdvice(error: string): string {
	switch (error) {
		case 'invalid_grant': {
			return 'the refresh token is no longer valid: sign in again.';
		}

		case 'interaction_required':
		case 'login_required':
		case 'consent_required': {
			return 'the server wants an interactive sign-in.';
		}

		case 'invalid_client':
		case 'unauthorized_client': {
			return 'the client id or its credentials were rejected.';
		}

		case 'invalid_scope': {
			return 'a requested scope is invalid.';
		}

		case 'access_denied':
		case 'authorization_declined': {
			return 'the request was declined.';
		}

		default: {
			return 'the server refused the request.';
		}
	}
}

/** Server descriptions carry trace ids and timestamps on later lines; the first line is the message. */
function firstLine(text: string | undefined): string | undefined {
	const line = text?.split(/\r?\n/)[0]?.trim();
	return line ? line.slice(0, 300) : undefined;
}
