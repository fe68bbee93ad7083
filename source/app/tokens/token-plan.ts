/**
 * Which token a request means: tenant, scopes and cache slot. Shared by the token service
 * and the views that show cached tokens.
 */
import {storedCacheKey, tokenCacheKey} from './cache-key.js';
import {clouds} from '../../identity/clouds.js';
import {UsageError} from '../../model/errors.js';
import type {AccountRecord} from '../../model/account.js';
import type {TokenRequest} from '../../model/services.js';

export interface TokenPlan {
	tenant?: string;
	scopes: string[];
	cacheKey: string;
	/** A continuous access evaluation token (cp1 declared). */
	cae: boolean;
}

const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access']);

export function planToken(account: AccountRecord, request: Pick<TokenRequest, 'scopes' | 'resource' | 'tenant' | 'cae' | 'azDefault'>): TokenPlan {
	if (request.resource && request.scopes?.length) {
		throw new UsageError('Give either a resource or scopes, not both: a resource R stands for R/.default, all of its scopes.', {kind: 'give-setting', setting: 'scope'});
	}

	if (request.tenant && account.provider.kind !== 'entra') {
		throw new UsageError('Choosing a tenant applies to Entra accounts only.');
	}

	const resource = request.resource ?? (request.azDefault && !request.scopes?.length && account.provider.kind === 'entra' ? clouds[account.provider.cloud ?? 'global'].azResource : undefined);
	const scopes = resource
		? [resourceScope(resource)]
		: request.scopes?.length
			? request.scopes
			: account.scopes;
	const tenant = request.tenant ?? account.activeTenantId ?? account.provider.tenant;
	// Only Entra knows the cp1 capability; elsewhere a CAE request is an ordinary one.
	const cae = Boolean(request.cae) && account.provider.kind === 'entra';
	const cacheKey = cae ? tokenCacheKey(tenant, scopes, true) : storedCacheKey(account.tokens, tenant, scopes) ?? tokenCacheKey(tenant, scopes);
	return {...(tenant ? {tenant} : {}), scopes, cacheKey, cae};
}

/**
 * A v1 resource as a v2 scope: the resource id as written plus `/.default`. A trailing slash is
 * part of the identifier and of the token's `aud` (`https://management.core.windows.net/` ->
 * `https://management.core.windows.net//.default`), as the Entra docs and az have it.
 */
export function resourceScope(resource: string): string {
	return `${resource}/.default`;
}

/**
 * Scopes sent with a refresh. Entra lets one request name a resource plus the OpenID scopes,
 * and asking for offline_access keeps the refresh token coming; other servers only accept a
 * subset of the original grant, so they get exactly what was asked.
 */
export function refreshScopes(account: AccountRecord, plan: TokenPlan): string[] {
	if (account.provider.kind !== 'entra') {
		return plan.scopes;
	}

	const extra = account.scopes.filter(scope => oidcScopes.has(scope) && !plan.scopes.includes(scope));
	return [...plan.scopes, ...extra];
}
