/**
 * An account's state as of now. The service computes it when listing, but time moves while the
 * dashboard is open, so a valid token turns "expiring" and then "expired" on screen without a
 * reload. A needs-sign-in verdict comes only from the service.
 */
import type {AccountState, AccountView} from '../model/services.js';
import type {TokenRecord} from '../model/account.js';
import {judgedToken, tokenState} from '../app/accounts/refresh-rule.js';
import type {Tone} from './theme.js';

/** The state `msid list` would show now: the same token judged by the same rule. */
export function liveState(view: AccountView, now: number): AccountState {
	if (view.state === 'needs-sign-in') {
		return view.state;
	}

	const token = judgedToken(view.record.tokens);
	return token ? tokenState(token, now) : view.state;
}

export const stateBadges: Record<AccountState, {label: string; tone: Tone; description: string}> = {
	valid: {label: 'valid', tone: 'ok', description: 'token fresh'},
	expiring: {label: 'expiring', tone: 'warn', description: 'due for refresh; refreshed on next use'},
	'expired-refreshable': {label: 'expired', tone: 'info', description: 'expired; refreshed on next use (or r)'},
	'needs-sign-in': {label: 'sign in', tone: 'bad', description: 'needs a new sign-in'},
};

/** Tokens in a stable order: soonest expiry first, so the most urgent countdown leads. */
export function sortedTokens(tokens: Record<string, TokenRecord>): Array<[string, TokenRecord]> {
	return Object.entries(tokens).sort(([, a], [, b]) => a.expiresAt - b.expiresAt);
}
