import {missingParameter} from '../aadsts-error.js';
import {parseClaimsRequest, requireNoStepUp} from '../claims-request.js';
import {parseScopes} from '../scopes.js';
import {checkPassword, tenantFor} from '../sign-in.js';
import {userTokenResponse, type TokenResponse, type UserSignIn} from '../tokens.js';
import {requirePublicClientFlows, type GrantRequest} from './grant-request.js';

/** Resource owner password credentials (deprecated, no MFA): only for apps with public client flows allowed. */
export function passwordGrant(grant: GrantRequest): TokenResponse {
	requirePublicClientFlows(grant);
	const {context, client, form} = grant;
	const username = form.get('username');
	const password = form.get('password');
	if (!username) {
		throw missingParameter('username');
	}

	if (!password) {
		throw missingParameter('password');
	}

	const request = parseScopes(context.directory, form.get('scope'));
	const claims = parseClaimsRequest(form.get('claims'));
	const user = checkPassword(context.directory, username, password);
	requireNoStepUp(claims, [], form.get('claims'));
	const session = tenantFor(context, grant.authority, user, client);
	const signIn: UserSignIn = {user, client, authTime: context.clock.now(), amr: ['pwd'], acrs: [], xmsCc: claims.xmsCc};
	return userTokenResponse(context, {
		signIn,
		...session,
		request,
		clientAuthentication: grant.authentication,
		refreshToken: request.oidc.has('offline_access') ? context.refreshTokens.issue(signIn, request) : undefined,
	});
}
