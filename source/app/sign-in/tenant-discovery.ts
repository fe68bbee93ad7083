/**
 * An Entra user's tenants: Azure Resource Manager lists them all when the account can get a
 * token for it; otherwise msid knows the tenants seen in sign-ins. The ARM token comes from the
 * account's refresh token, so no new sign-in is needed.
 */
import {clouds} from '../../identity/clouds.js';
import {isDelegation, listTenants} from '../../identity/arm-tenants.js';
import {isLoopbackHost} from '../../identity/loopback.js';
import type {Runtime} from '../runtime/runtime.js';
import type {AccountRecord, TenantRecord} from '../../model/account.js';
import {updateConfig} from '../../storage/config-store.js';
import {createTokenService} from '../tokens/token-service.js';

/** The ARM resource for the account's cloud, and where to call it (the emulator serves both). */
export function resourceManager(account: AccountRecord): {resource: string; endpoint: string} {
	const resource = clouds[account.provider.cloud ?? 'global'].resourceManager;
	const host = account.provider.authorityHost ? new URL(account.provider.authorityHost) : undefined;
	return {resource, endpoint: host && host.protocol === 'http:' && isLoopbackHost(host.hostname) ? host.origin : resource};
}

/** Resolves with the tenants now known; failures leave the list as it was (best effort). */
export async function discoverTenants(runtime: Runtime, account: AccountRecord, signal?: AbortSignal): Promise<TenantRecord[]> {
	if (account.provider.kind !== 'entra' || account.kind !== 'user') {
		return account.tenants;
	}

	const arm = resourceManager(account);
	try {
		const token = await createTokenService(runtime).get({account: account.id, scopes: [`${arm.resource}/.default`], ...(signal ? {signal} : {})});
		const found = await listTenants(runtime.fetch, arm.endpoint, token.accessToken, signal ? {signal} : {});
		let tenants = account.tenants;
		await updateConfig(runtime.env, data => {
			const stored = data.accounts[account.id];
			if (!stored) {
				return;
			}

			// A delegated (Lighthouse) tenant is not one to sign in to; one that ARM once listed otherwise goes.
			const delegated = new Set(found.filter(tenant => isDelegation(tenant)).map(tenant => tenant.tenantId));
			stored.tenants = stored.tenants.filter(entry => entry.source !== 'arm' || !delegated.has(entry.id));
			for (const tenant of found.filter(entry => !isDelegation(entry))) {
				const known = stored.tenants.find(entry => entry.id === tenant.tenantId);
				const details = {
					...(tenant.displayName ? {name: tenant.displayName} : {}),
					...(tenant.defaultDomain ? {domain: tenant.defaultDomain} : {}),
				};
				if (known) {
					Object.assign(known, details);
				} else {
					stored.tenants.push({id: tenant.tenantId, ...details, source: 'arm'});
				}
			}

			tenants = stored.tenants;
		});
		return tenants;
	} catch {
		return account.tenants;
	}
}
