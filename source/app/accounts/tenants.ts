import type {AccountRecord} from '../../model/account.js';

/** Every sign-in and refresh tells us one tenant the account belongs to: its `tid`. */
export function rememberTenant(account: AccountRecord, idClaims: Record<string, unknown> | undefined): void {
	const tid = idClaims?.['tid'];
	if (typeof tid !== 'string' || account.tenants.some(tenant => tenant.id === tid)) {
		return;
	}

	account.tenants.push({id: tid, source: 'sign-in'});
}
