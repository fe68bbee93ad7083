import {createHash} from 'node:crypto';
import type {TokenRecord} from '../../model/account.js';

/**
 * One cached access token per account, tenant, scope set (order and case do not matter) and
 * kind: a continuous access evaluation token never answers a request for a plain one.
 */
export function tokenCacheKey(tenant: string | undefined, scopes: string[], cae = false): string {
	return createHash('sha256')
		.update(`${tenant ?? ''}\n${keyScopes(scopes).join(' ')}${cae ? '\ncae' : ''}`)
		.digest('base64url')
		.slice(0, 16);
}

/**
 * The key under which a token for this tenant and these scopes is already stored, found from
 * what each record says it was asked for, without hashing: msid-env's cached path then never
 * loads node:crypto. Undefined when no record says so (none yet, or records written before
 * they kept `cacheTenant`): the caller computes tokenCacheKey().
 */
export function storedCacheKey(tokens: Record<string, TokenRecord>, tenant: string | undefined, scopes: string[]): string | undefined {
	const wanted = keyScopes(scopes).join(' ');
	for (const [key, record] of Object.entries(tokens)) {
		if (!record.cae && record.cacheTenant === (tenant ?? '') && keyScopes(record.scopes).join(' ') === wanted) {
			return key;
		}
	}

	return undefined;
}

function keyScopes(scopes: string[]): string[] {
	return [...new Set(scopes.map(scope => scope.toLowerCase()))].sort();
}

/** A stable id for one identity at one provider with one client. */
export function accountId(parts: {issuer: string; clientId: string; subject: string}): string {
	return createHash('sha256').update(`${parts.issuer}\n${parts.clientId}\n${parts.subject}`).digest('base64url').slice(0, 12);
}
