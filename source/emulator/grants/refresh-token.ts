import {AadstsError, missingParameter} from '../aadsts-error.js';
import {parseClaimsRequest, requireNoStepUp} from '../claims-request.js';
import {parseScopes} from '../scopes.js';
import {tenantFor} from '../sign-in.js';
import {userTokenResponse, type TokenResponse} from '../tokens.js';
import {requireCredentialIfConfidential, type GrantRequest} from './grant-request.js';

/**
 * Refresh with rotation. The token may be redeemed at the authority of any tenant the user
 * belongs to (one sign-in, tokens for every tenant) and for another resource's scopes.
 */
export function refreshTokenGrant(grant: GrantRequest): TokenResponse {
	requireCredentialIfConfidential(grant);
	const {context, client, form} = grant;
	const refreshToken = form.get('refresh_token');
	if (!refreshToken) {
		throw missingParameter('refresh_token');
	}

	const family = context.refreshTokens.validate(refreshToken, client.clientId);
	const request = form.get('scope') ? parseScopes(context.directory, form.get('scope')) : family.request;
	const {resource} = request;
	if (context.faults.consentRefused([resource.appId, resource.identifier, ...(resource.aliases ?? [])])) {
		throw new AadstsError(
			'invalid_grant',
			65_001,
			`The user or administrator has not consented to use the application with ID '${client.clientId}' named '${client.displayName}'. Send an interactive authorization request for this user and resource.`,
			400,
			{suberror: 'consent_required'},
		);
	}

	const claims = parseClaimsRequest(form.get('claims'));
	requireNoStepUp(claims, family.signIn.acrs, form.get('claims'));
	const session = tenantFor(context, grant.authority, family.signIn.user, client);
	return userTokenResponse(context, {
		signIn: family.signIn,
		...session,
		request,
		clientAuthentication: grant.authentication,
		xmsCc: claims.xmsCc,
		refreshToken: context.refreshTokens.rotate(family),
	});
}
