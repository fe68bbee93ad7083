/**
 * The tenants of an Entra account, and which one a `--tenant` value means. A tenant is
 * selected by its id or by a verified domain (ARM's `defaultDomain`, or the domain the user
 * gave that discovery resolved); its display name is only a label, never a key: anyone can
 * name a tenant "fabrikam.onmicrosoft.com", only Fabrikam owns that domain.
 */
import {MsidError, UsageError} from '../../model/errors.js';
import type {AccountRecord, TenantRecord} from '../../model/account.js';
import {checkTenant, isMultiTenant, isTenantId} from '../../identity/providers.js';

/** Every sign-in and refresh tells us one tenant the account belongs to: its `tid`. */
export function rememberTenant(account: AccountRecord, idClaims: Record<string, unknown> | undefined): void {
	const tid = idClaims?.['tid'];
	if (typeof tid !== 'string' || account.tenants.some(tenant => tenant.id === tid)) {
		return;
	}

	account.tenants.push({id: tid, source: 'sign-in'});
}

/** A tenant the account is known to belong to, by id or verified domain (never by display name). */
export function knownTenant(account: AccountRecord, value: string): TenantRecord | undefined {
	const wanted = value.trim().toLowerCase();
	return account.tenants.find(tenant => tenant.id.toLowerCase() === wanted || tenant.domain?.toLowerCase() === wanted);
}

/** What a `--tenant` value is, checked before any request: a tenant id or a domain to resolve. */
export type TenantQuery = {kind: 'id'; id: string} | {kind: 'domain'; domain: string};

export function parseTenantQuery(account: AccountRecord, value: string): TenantQuery {
	if (account.provider.kind !== 'entra') {
		throw new UsageError('Choosing a tenant applies to Entra accounts only.');
	}

	const known = knownTenant(account, value);
	if (known) {
		return {kind: 'id', id: known.id};
	}

	const checked = checkTenant(value);
	if (isMultiTenant(checked)) {
		throw new UsageError(`Choose a specific tenant (an id or a domain), not "${checked}".`, {kind: 'give-setting', setting: 'tenant'});
	}

	return isTenantId(checked) ? {kind: 'id', id: checked} : {kind: 'domain', domain: checked};
}

/**
 * `msid use --tenant`: only a tenant this account is known to belong to, so a typo or a
 * tenant the user is not in never becomes the default every later command would use.
 */
export function requireKnownTenant(account: AccountRecord, value: string): string {
	const query = parseTenantQuery(account, value);
	const id = query.kind === 'id' ? query.id : undefined;
	const known = id ? account.tenants.find(tenant => tenant.id === id) : undefined;
	if (known) {
		return known.id;
	}

	const listed = account.tenants.map(tenant => tenant.domain ?? tenant.id).join(', ');
	throw new MsidError(
		'unknown-tenant',
		`${account.name} is not known to belong to tenant "${value.trim()}"${listed ? ` (its tenants: ${listed})` : ''}: give one of its tenant ids or verified domains, or get a token in that tenant first.`,
		{exitCode: 2, remedy: {kind: 'give-setting', setting: 'tenant'}},
	);
}
