import {AadstsError, missingParameter} from '../aadsts-error.js';
import {userTokenResponse, type TokenResponse} from '../tokens.js';
import {requirePublicClientFlows, type GrantRequest} from './grant-request.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** RFC 8628 polling, with the identity platform's errors (authorization_declined, not access_denied). */
export function deviceCodeGrant(grant: GrantRequest): TokenResponse {
	requirePublicClientFlows(grant);
	const {context, client} = grant;
	const deviceCode = grant.form.get('device_code');
	if (!deviceCode) {
		throw missingParameter('device_code');
	}

	const record = context.deviceCodes.byDeviceCode(deviceCode);
	if (!record || record.client !== client) {
		throw new AadstsError('bad_verification_code', 70_000, "The provided value for the input parameter 'device_code' is not valid.");
	}

	if (record.status === 'redeemed') {
		throw new AadstsError('invalid_grant', 54_005, 'OAuth2 device code was already redeemed, please retry with a new valid code or use an existing refresh token.');
	}

	if (context.deviceCodes.isExpired(record)) {
		// Entra's token endpoint answers an expired device code with AADSTS70020 (test/fixtures/entra/expired-token.json).
		throw new AadstsError('expired_token', 70_020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired.");
	}

	if (record.status === 'declined') {
		throw new AadstsError('authorization_declined', 70_000, 'The user declined to sign in. The end user denied the authorization request.');
	}

	if (record.status === 'pending' || !record.approval) {
		if (context.faults.takeSlowDown()) {
			throw new AadstsError('slow_down', 70_016, `OAuth 2.0 device flow error. Authorization is pending; poll less often: add 5 seconds to the interval.`);
		}

		throw new AadstsError('authorization_pending', 70_016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
	}

	record.status = 'redeemed';
	const {signIn, session} = record.approval;
	return userTokenResponse(context, {
		signIn,
		...session,
		request: record.request,
		clientAuthentication: grant.authentication,
		refreshToken: record.request.oidc.has('offline_access') ? context.refreshTokens.issue(signIn, record.request) : undefined,
	});
}
