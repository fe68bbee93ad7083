/**
 * One place decides what "valid", "expiring" and "needs sign-in" mean, for the list, the
 * dashboard's badges and the token service alike.
 */
import type {AccountRecord, TokenRecord} from '../../model/account.js';
import type {AccountState} from '../../model/services.js';

/** Refresh proactively when fewer than 5 minutes remain (docs/protocol.md). */
export const refreshWindowMs = 5 * 60 * 1000;

export function isFresh(record: TokenRecord | undefined, now: number): record is TokenRecord {
	return record !== undefined && record.expiresAt - now >= refreshWindowMs;
}

/** Applications can always ask again with their credential; users need a refresh token. */
export function canRefreshSilently(account: AccountRecord, hasRefreshToken: boolean): boolean {
	return account.kind === 'application' || hasRefreshToken;
}

export function accountState(account: AccountRecord, now: number): AccountState {
	if (account.needsSignIn) {
		return 'needs-sign-in';
	}

	const latest = latestToken(account);
	if (!latest) {
		return 'expired-refreshable';
	}

	const remaining = latest.expiresAt - now;
	if (remaining >= refreshWindowMs) {
		return 'valid';
	}

	return remaining > 0 ? 'expiring' : 'expired-refreshable';
}

/** The token for the account's own scopes in its active tenant, else the newest one. */
export function latestToken(account: AccountRecord): TokenRecord | undefined {
	const tokens = Object.values(account.tokens);
	return tokens.sort((a, b) => b.obtainedAt - a.obtainedAt)[0];
}
