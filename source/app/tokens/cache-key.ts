import {createHash} from 'node:crypto';

/** One cached access token per account, tenant and scope set (order and case do not matter). */
export function tokenCacheKey(tenant: string | undefined, scopes: string[]): string {
	const normalised = [...new Set(scopes.map(scope => scope.toLowerCase()))].sort();
	return createHash('sha256')
		.update(`${tenant ?? ''}\n${normalised.join(' ')}`)
		.digest('base64url')
		.slice(0, 16);
}

/** A stable id for one identity at one provider with one client. */
export function accountId(parts: {issuer: string; clientId: string; subject: string}): string {
	return createHash('sha256').update(`${parts.issuer}\n${parts.clientId}\n${parts.subject}`).digest('base64url').slice(0, 12);
}
