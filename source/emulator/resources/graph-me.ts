/**
 * Microsoft Graph `GET /v1.0/me`, enough to prove a token works, and the conditional access
 * claims challenge (`faults.requireClaims`) msid must surface and answer with a new sign-in.
 */
import {GRAPH_APP_ID, findTenantById, findUserByObjectId, homeMembership, type User} from '../directory.js';
import {sendJson, type Exchange} from '../http.js';
import {asResource, authenticateBearer, resourceAudiences, ResourceError} from './bearer.js';
import {refuseRevokedSession} from './cae.js';
import type {EmulatorContext} from '../context.js';

export async function handleGraphMe(context: EmulatorContext, exchange: Exchange): Promise<void> {
	const challenge = `Bearer realm="", authorization_uri="${context.url}/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`;
	await asResource(context, exchange, () => {
		const claims = authenticateBearer(context, exchange, resourceAudiences(context, GRAPH_APP_ID), challenge);
		refuseRevokedSession(context, claims, 'graph');
		const required = context.faults.requiredAcrs;
		const acrs = Array.isArray(claims['acrs']) ? (claims['acrs'] as unknown[]) : [];
		if (required !== undefined && !acrs.includes(required)) {
			const request = Buffer.from(JSON.stringify({access_token: {acrs: {essential: true, value: required}}})).toString('base64');
			throw new ResourceError(401, 'InvalidAuthenticationToken', 'Continuous access evaluation resulted in claims challenge.', `${challenge}, error="insufficient_claims", claims="${request}"`);
		}

		if (claims['idtyp'] === 'app') {
			throw new ResourceError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
		}

		const scopes = String(claims['scp'] ?? '').split(' ');
		if (!scopes.some(scope => /^(User\.|Directory\.)/i.test(scope))) {
			throw new ResourceError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
		}

		const user = findUserByObjectId(context.directory, String(claims['tid']), String(claims['oid']));
		if (!user) {
			throw new ResourceError(404, 'Request_ResourceNotFound', `Resource '${String(claims['oid'])}' does not exist or one of its queried reference-property objects are not present.`);
		}

		sendJson(exchange.response, 200, profile(context, user, String(claims['tid']), String(claims['oid'])));
	});
}

function profile(context: EmulatorContext, user: User, tenantId: string, oid: string): Record<string, unknown> {
	const isGuest = homeMembership(user).tenantId !== tenantId;
	const domain = findTenantById(context.directory, tenantId)?.domain ?? '';
	return {
		'@odata.context': `${context.url}/v1.0/$metadata#users/$entity`,
		businessPhones: [],
		displayName: user.displayName,
		givenName: user.givenName ?? null,
		jobTitle: null,
		mail: user.username,
		mobilePhone: null,
		officeLocation: null,
		preferredLanguage: null,
		surname: user.surname ?? null,
		// How Entra names a B2B guest in the resource tenant.
		userPrincipalName: isGuest ? `${user.username.replace('@', '_')}#EXT#@${domain}` : user.username,
		id: oid,
	};
}
