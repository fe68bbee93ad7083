/**
 * One place decides what "valid", "expiring" and "needs sign-in" mean, for the list, the
 * dashboard's badges and the token service alike; the timing itself is refresh-rule.ts.
 */
import type {AccountRecord, TokenRecord} from '../../model/account.js';
import type {AccountState} from '../../model/services.js';
import {judgedToken, tokenState} from './refresh-rule.js';

export function accountState(account: AccountRecord, now: number): AccountState {
	if (account.needsSignIn) {
		return 'needs-sign-in';
	}

	const token = latestToken(account);
	return token ? tokenState(token, now) : 'expired-refreshable';
}

/** The token the account is judged and shown by (refresh-rule.ts's judgedToken). */
export function latestToken(account: AccountRecord): TokenRecord | undefined {
	return judgedToken(account.tokens);
}
