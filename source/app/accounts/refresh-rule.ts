/**
 * When a cached token is due for renewal: once fewer than 5 minutes or fewer than half its
 * lifetime remain, whichever is shorter. A one-hour Entra token is renewed 5 minutes before it
 * expires; a 5-minute token (Keycloak's default) after 2.5 minutes, not at every call.
 *
 * This is the only place the rule lives. The token service, `msid list` and the dashboard call
 * it; the prompt hooks get its answer from msid-env as MSID_TOKEN_REFRESH_AT (an epoch second),
 * so they only compare integers and hold no threshold of their own. Pure functions of the
 * token's times and `now`: the dashboard may import it too.
 */
import type {TokenRecord} from '../../model/account.js';

/** The longest refresh window: tokens of 10 minutes and more are renewed 5 minutes ahead. */
export const refreshWindowCapMs = 5 * 60_000;

/**
 * What the rule reads of a token: when it was obtained and when it expires (epoch ms), and the
 * moment the server asked to be asked again (Entra's `refresh_in`), when it named one.
 */
export type TokenTimes = Pick<TokenRecord, 'expiresAt' | 'obtainedAt'> & {refreshAt?: number};

export type TokenState = 'valid' | 'expiring' | 'expired-refreshable';

/** How long before expiry the token is renewed: min(5 min, half its lifetime). */
export function refreshWindowMs(token: TokenTimes): number {
	const lifetime = token.expiresAt - token.obtainedAt;
	return Math.min(refreshWindowCapMs, Math.max(0, lifetime / 2));
}

/** The last epoch millisecond at which the token still counts as fresh. */
export function freshUntil(token: TokenTimes): number {
	const byLifetime = token.expiresAt - refreshWindowMs(token);
	return token.refreshAt === undefined ? byLifetime : Math.min(byLifetime, token.refreshAt - 1);
}

/**
 * The same moment as a whole epoch second, for the hooks (MSID_TOKEN_REFRESH_AT): they renew
 * once their clock, in whole seconds, is past it, which is never before the token service would.
 */
export function freshUntilSeconds(token: TokenTimes): number {
	return Math.floor(freshUntil(token) / 1000);
}

/** Whether the cached token is handed out as is (true) or renewed first. */
export function isFresh<T extends TokenTimes>(token: T | undefined, now: number): token is T {
	return token !== undefined && now <= freshUntil(token);
}

export function tokenState(token: TokenTimes, now: number): TokenState {
	if (now <= freshUntil(token)) {
		return 'valid';
	}

	return token.expiresAt > now ? 'expiring' : 'expired-refreshable';
}

/**
 * The token an account is judged by, in `msid list` and the dashboard alike: the one that
 * expires last, since the account is as usable as its best token.
 */
export function judgedToken<T extends TokenTimes>(tokens: Record<string, T>): T | undefined {
	return Object.values(tokens).reduce<T | undefined>((best, token) => (best === undefined || token.expiresAt > best.expiresAt ? token : best), undefined);
}
