/**
 * A domain names a tenant; tokens, issuers and caches name it by id. Entra's discovery
 * document for `{host}/{domain}/v2.0` publishes the issuer `{issuer host}/{tenant id}/v2.0`,
 * which is how MSAL and az learn the id: one request, bounded in time like every other.
 */
import {MsidError} from '../model/errors.js';
import type {ProviderRecord} from '../model/account.js';
import {discover} from './authorization-server.js';
import {createProtocolFetch, type HttpContext} from './http.js';
import {isTenantId} from './providers.js';

export async function tenantIdForDomain(provider: ProviderRecord, domain: string, http: HttpContext): Promise<string> {
	const {fetch} = createProtocolFetch(http);
	const endpoints = await discover({...provider, tenant: domain}, fetch, http.signal);
	const id = /^\/([^/]+)\/v2\.0\/?$/.exec(new URL(endpoints.issuer).pathname)?.[1];
	if (!id || !isTenantId(id)) {
		throw new MsidError('bad-response', `The OpenID configuration of ${domain} names no tenant id in its issuer (${endpoints.issuer}): give the tenant id instead.`);
	}

	return id.toLowerCase();
}
