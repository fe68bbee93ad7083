/** Azure Resource Manager `GET /tenants?api-version=...`: the tenants the token's user belongs to. */
import {ARM_APP_ID, findTenantById, findUserByObjectId} from '../directory.js';
import {sendJson, type Exchange} from '../http.js';
import {asResource, authenticateBearer, resourceAudiences, ResourceError} from './bearer.js';
import {refuseRevokedSession} from './cae.js';
import type {EmulatorContext} from '../context.js';

export async function handleArmTenants(context: EmulatorContext, exchange: Exchange): Promise<void> {
	const challenge = `Bearer authorization_uri="${context.url}/common", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header or invalid token."`;
	await asResource(context, exchange, () => {
		if (!exchange.url.searchParams.get('api-version')) {
			throw new ResourceError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
		}

		const claims = authenticateBearer(context, exchange, resourceAudiences(context, ARM_APP_ID), challenge);
		refuseRevokedSession(context, claims, 'arm');
		const tenantId = String(claims['tid']);
		const user = claims['idtyp'] === 'app' ? undefined : findUserByObjectId(context.directory, tenantId, String(claims['oid']));
		const listed = user
			? [...user.memberships.map(membership => ({tenantId: membership.tenantId, category: 'Home'})), ...(user.delegations ?? [])]
			: [{tenantId, category: 'Home'}];
		const value = listed.flatMap(({tenantId: id, category}) => {
			const tenant = findTenantById(context.directory, id);
			// As the recorded answer (test/fixtures/entra/arm-tenants.json): every tenant the user belongs to
			// (member or guest) is "Home"; Lighthouse delegations are "ProjectedBy" or "ManagedBy".
			return tenant
				? [{id: `/tenants/${tenant.id}`, tenantId: tenant.id, countryCode: 'US', displayName: tenant.displayName, domains: [tenant.domain], tenantCategory: category, defaultDomain: tenant.domain, tenantType: 'AAD'}]
				: [];
		});
		sendJson(exchange.response, 200, {value});
	});
}
