import {createHash, timingSafeEqual} from 'node:crypto';
import {AadstsError, missingParameter} from '../aadsts-error.js';
import {userTokenResponse, type TokenResponse} from '../tokens.js';
import {requireCredentialIfConfidential, type GrantRequest} from './grant-request.js';
import type {AuthorizationCodeRecord} from '../authorization-codes.js';

/** Redeems a code from the authorize pages: single use, same redirect URI, PKCE verifier. */
export function authorizationCodeGrant(grant: GrantRequest): TokenResponse {
	requireCredentialIfConfidential(grant);
	const {context, client, form} = grant;
	const code = form.get('code');
	if (!code) {
		throw missingParameter('code');
	}

	const record = context.authorizationCodes.find(code);
	if (!record) {
		throw new AadstsError('invalid_grant', 9_002_313, 'Invalid request. Request is malformed or invalid.');
	}

	if (record.client !== client) {
		throw new AadstsError('invalid_grant', 70_000, 'Provided grant is invalid or malformed. The code was issued to a different client.');
	}

	if (record.redeemed) {
		throw new AadstsError('invalid_grant', 54_005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
	}

	if (context.authorizationCodes.isExpired(record)) {
		throw new AadstsError('invalid_grant', 70_008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
	}

	const redirectUri = form.get('redirect_uri') ?? '';
	if (redirectUri !== record.redirectUri) {
		throw new AadstsError(
			'invalid_grant',
			500_112,
			`The reply address '${redirectUri}' does not match the reply address '${record.redirectUri}' provided when requesting Authorization code.`,
		);
	}

	verifyPkce(record, form.get('code_verifier'));
	// A failed attempt above leaves the code usable; a successful one uses it up.
	record.redeemed = true;
	return userTokenResponse(context, {
		signIn: record.signIn,
		...record.session,
		request: record.request,
		clientAuthentication: grant.authentication,
		nonce: record.nonce,
		refreshToken: record.request.oidc.has('offline_access') ? context.refreshTokens.issue(record.signIn, record.request) : undefined,
	});
}

function verifyPkce(record: AuthorizationCodeRecord, verifier: string | null): void {
	if (!record.codeChallenge) {
		return;
	}

	if (!verifier) {
		throw missingParameter('code_verifier');
	}

	const derived = record.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
	const expected = Buffer.from(record.codeChallenge);
	const actual = Buffer.from(derived);
	if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
		throw new AadstsError('invalid_grant', 501_481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
	}
}
