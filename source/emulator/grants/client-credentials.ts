import {AadstsError} from '../aadsts-error.js';
import {credentialRequired} from '../client-authentication.js';
import {parseApplicationScope, staticGrant} from '../scopes.js';
import {appTokenResponse, type TokenResponse} from '../tokens.js';
import type {GrantRequest} from './grant-request.js';

/** App-only tokens for daemons: a tenant authority, a credential, and `{resource}/.default`. */
export function clientCredentialsGrant(grant: GrantRequest): TokenResponse {
	const {context, client, authority} = grant;
	if (grant.authentication === 'none') {
		throw credentialRequired();
	}

	if (authority.kind !== 'tenant') {
		throw new AadstsError('invalid_request', 50_059, 'No tenant-identifying information found in either the request or implied by any provided credentials.');
	}

	const {resource, audience} = parseApplicationScope(context.directory, grant.form.get('scope'));
	return appTokenResponse(context, {
		client,
		tenant: authority.tenant,
		audience,
		roles: staticGrant(client.appRoles, resource) ?? [],
		clientAuthentication: grant.authentication,
	});
}
