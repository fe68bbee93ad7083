import {AadstsError} from './aadsts-error.js';
import {CONSUMERS_TENANT_ID, type Directory, type Tenant} from './directory.js';

/**
 * The `{tenant}` path segment, resolved: one of the multi-tenant aliases or a concrete tenant;
 * for a B2C tenant also the user flow (`policy`) of its `/{tenant}/{B2C_1_...}/` paths.
 */
export type Authority =
	| {kind: 'multi'; segment: string; alias: 'common' | 'organizations' | 'consumers'}
	| {kind: 'tenant'; segment: string; tenant: Tenant; policy?: string};

export function resolveAuthority(directory: Directory, segment: string): Authority {
	const lower = segment.toLowerCase();
	if (lower === 'common' || lower === 'organizations' || lower === 'consumers') {
		return {kind: 'multi', segment, alias: lower};
	}

	if (lower === CONSUMERS_TENANT_ID) {
		return {kind: 'multi', segment, alias: 'consumers'};
	}

	const tenant = directory.tenants.find(candidate => candidate.id === lower || candidate.domain.toLowerCase() === lower);
	if (!tenant) {
		throw tenantNotFound(segment);
	}

	return {kind: 'tenant', segment, tenant};
}

export function tenantNotFound(segment: string, error = 'invalid_request'): AadstsError {
	return new AadstsError(
		error,
		90_002,
		`Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
	);
}

/** How Entra names the directory in messages: the tenant's display name, else the alias. */
export function directoryName(authority: Authority): string {
	return authority.kind === 'tenant' ? authority.tenant.displayName : authority.alias;
}
