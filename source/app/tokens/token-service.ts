/**
 * The fresh-token service: the one place that decides when to refresh.
 *
 * A cached token that is still fresh (refresh-rule.ts) is returned as is (one config read and
 * one keychain read). Otherwise the account's refresh lock is taken, the cache is read again
 * (another process may have refreshed while we waited: with rotating refresh tokens a second
 * refresh would replay a spent token and, at Auth0, revoke the whole grant), and only then is
 * a new token requested. The rotated refresh token is stored before anything else.
 */
import {findAccount} from '../accounts/lookup.js';
import {secretKeys} from '../accounts/secret-keys.js';
import {isFresh} from '../accounts/refresh-rule.js';
import {MsidError, ThrottledError} from '../../model/errors.js';
import type {TokenSet} from '../../identity/token-set.js';
import type {Runtime} from '../runtime/runtime.js';
import type {FreshToken, TokenRequest, TokenService} from '../../model/services.js';
import type {AccountRecord, TokenRecord} from '../../model/account.js';
import {readConfig} from '../../storage/config-read.js';
import {updateConfig} from '../../storage/config-store.js';
import {withLock} from '../../storage/lock.js';
import {planToken, type TokenPlan} from './token-plan.js';
import {parseTenantQuery, rememberTenant} from '../accounts/tenants.js';

export function createTokenService(runtime: Runtime): TokenService {
	return {
		async get(request) {
			const account = findAccount(readConfig(runtime.env), request.account);
			const plan = planToken(account, {...request, ...(request.tenant === undefined ? {} : {tenant: await tenantIdFor(runtime, account, request)})});
			const reusable = !request.force && !request.claims;
			const cachedIn = async (current: AccountRecord | undefined) => current && reusable ? cachedToken(runtime, current, plan) : undefined;
			// Read again from config each time: another process may have refreshed meanwhile.
			const cachedNow = async () => cachedIn(readConfig(runtime.env).accounts[account.id]);

			// The first look uses the record just read, unless looking up a tenant waited in between:
			// reading config.json twice in a row cost msid-env's cached path a fraction of a millisecond.
			const cached = await (request.tenant === undefined ? cachedIn(account) : cachedNow());
			if (cached) {
				return cached;
			}

			return withLock<FreshToken>(
				`account-${account.id}`,
				async () => {
					const current = (readConfig(runtime.env)).accounts[account.id];
					if (!current) {
						throw new MsidError('unknown-account', `${account.name} was signed out while this command waited.`, {remedy: {kind: 'sign-in'}});
					}

					if (reusable) {
						const cached = await cachedToken(runtime, current, plan);
						if (cached) {
							return cached;
						}
					}

					refuseWhileThrottled(runtime, current);
					return renew(runtime, current, plan, request);
				},
				{
					dir: runtime.configDir,
					clock: runtime.clock,
					// A stampede's waiters take the refreshed token as soon as it is stored.
					instead: cachedNow,
					...(request.signal ? {signal: request.signal} : {}),
				},
			);
		},
	};
}

/**
 * `--tenant` as a tenant id, checked before any request; a domain the account has not seen
 * is resolved through discovery (the protocol code loads only then).
 */
async function tenantIdFor(runtime: Runtime, account: AccountRecord, request: TokenRequest): Promise<string> {
	const query = parseTenantQuery(account, request.tenant!);
	if (query.kind === 'id') {
		return query.id;
	}

	const {tenantIdForDomain} = await import('../../identity/tenant-lookup.js');
	return tenantIdForDomain(account.provider, query.domain, {fetch: runtime.fetch, clock: runtime.clock, ...(request.signal ? {signal: request.signal} : {})});
}

/**
 * The cached token while it has not expired, due for refresh or not, and never a request to
 * the provider: the prompt hooks export it at once and refresh in the background.
 */
export async function unexpiredCachedToken(runtime: Runtime, request: Pick<TokenRequest, 'account' | 'scopes' | 'resource'>): Promise<FreshToken | undefined> {
	const account = findAccount(readConfig(runtime.env), request.account);
	return cachedToken(runtime, account, planToken(account, request), (record, now) => record.expiresAt > now);
}

/**
 * The cached token when the refresh rule says it is still fresh, exactly as get() would hand it
 * out before taking any lock; undefined for everything else (due, missing, needs a sign-in), which
 * get() then handles. For `msid token`'s quick start, which loads nothing more on this path.
 */
export async function freshCachedToken(runtime: Runtime, request: Pick<TokenRequest, 'account'>): Promise<FreshToken | undefined> {
	const account = findAccount(readConfig(runtime.env), request.account);
	return cachedToken(runtime, account, planToken(account, {}));
}

async function cachedToken(
	runtime: Runtime,
	account: AccountRecord,
	plan: TokenPlan,
	usable: (record: TokenRecord, now: number) => boolean = isFresh,
): Promise<FreshToken | undefined> {
	const record = account.tokens[plan.cacheKey];
	if (account.needsSignIn || record === undefined || !usable(record, runtime.clock.now())) {
		return undefined;
	}

	const accessToken = await runtime.secrets.get(secretKeys.accessToken(account.id, plan.cacheKey));
	return accessToken ? freshToken(account, record, accessToken, false) : undefined;
}

/**
 * Once the request has left, the refresh is finished and stored whatever the caller's signal
 * says (the provider may already have spent the old refresh token); a cancellation that arrived
 * meanwhile is acted on right after. Each request is bounded in time (silent-acquire.ts).
 */
async function renew(runtime: Runtime, account: AccountRecord, plan: TokenPlan, request: TokenRequest): Promise<FreshToken> {
	// The protocol stack loads only when a token must be renewed: the cached path stays small.
	const {acquireSilently} = await import('./silent-acquire.js');
	request.signal?.throwIfAborted();
	let fresh: FreshToken;
	try {
		fresh = await runtime.shield.run({kind: 'refresh', account: account.name}, async () => {
			const tokens = await acquireSilently(runtime, account, {plan, ...(request.claims ? {claims: request.claims} : {})});
			return storeTokens(runtime, account, plan, tokens);
		});
	} catch (caught) {
		const error = accountWide(caught, account, plan, request);
		if (error instanceof MsidError && error.code === 'sign-in-required') {
			await markNeedsSignIn(runtime, account, error);
		}

		if (error instanceof ThrottledError) {
			await rememberThrottling(runtime, account, error.retryAfterMs);
		}

		const stale = error instanceof MsidError && (error.code === 'network' || error.code === 'throttled') ? await stillValid(runtime, account, plan) : undefined;
		if (stale) {
			// Serve what still works: the caller gets a token that is valid now, and one line saying why it was not renewed.
			runtime.warn(staleWarning(error as MsidError, stale, runtime.clock.now()));
			return stale;
		}

		throw error;
	}

	request.signal?.throwIfAborted();
	return fresh;
}

/** The cached token when it has not expired yet, however soon it will. */
async function stillValid(runtime: Runtime, account: AccountRecord, plan: TokenPlan): Promise<FreshToken | undefined> {
	const record = account.tokens[plan.cacheKey];
	if (!record || record.expiresAt <= runtime.clock.now() || account.needsSignIn) {
		return undefined;
	}

	const accessToken = await runtime.secrets.get(secretKeys.accessToken(account.id, plan.cacheKey)).catch(() => undefined);
	return accessToken ? freshToken(account, record, accessToken, false) : undefined;
}

export function staleWarning(error: MsidError, stale: FreshToken, now: number): string {
	const minutes = Math.max(0, Math.floor((stale.expiresAt - now) / 60_000));
	const at = new Date(stale.expiresAt).toISOString().replace(/\.\d+Z$/, 'Z');
	const reason = error.message.replace(/ Check the network and try again\.$/, '').replace(/\.$/, '');
	return `${reason}; using the cached token, which expires in ${minutes} min (${at}).`;
}

/**
 * A dead refresh token concerns the whole account. A refusal that needs the user (MFA, consent,
 * a session policy) concerns the whole account only when it refuses the account's own token:
 * for another resource, another tenant or a claims request it fails that request alone, and
 * the account stays valid.
 */
function accountWide(error: unknown, account: AccountRecord, plan: TokenPlan, request: TokenRequest): unknown {
	if (!(error instanceof MsidError) || error.code !== 'interaction-required' || request.claims || plan.cacheKey !== planToken(account, {}).cacheKey) {
		return error;
	}

	return new MsidError('sign-in-required', error.message, {
		cause: error,
		...(error.hint ? {hint: error.hint} : {}),
		...(error.remedy ? {remedy: error.remedy} : {}),
		facts: error.facts,
	});
}

/** Secrets first (the rotated refresh token before anything else), metadata last. */
export async function storeTokens(runtime: Runtime, account: AccountRecord, plan: TokenPlan, tokens: TokenSet): Promise<FreshToken> {
	await storeTokenSecrets(runtime, account.id, plan, tokens);
	let updated: AccountRecord = account;
	await updateConfig(runtime.env, data => {
		const stored = data.accounts[account.id];
		if (stored) {
			applyTokens(stored, plan, tokens);
			updated = stored;
		}
	});
	return announce(runtime, updated, plan, tokens);
}

/**
 * The rotated refresh token goes first: it is the one thing that cannot be had again. A store
 * that refuses (a keychain locked meanwhile) gets one more try; after that the session is
 * lost, and the account is marked so, with the reason, instead of failing later with a
 * replayed token.
 */
export async function storeTokenSecrets(runtime: Runtime, id: string, plan: TokenPlan, tokens: TokenSet): Promise<void> {
	if (tokens.refreshToken) {
		const refreshToken = tokens.refreshToken;
		const store = async () => runtime.secrets.set(secretKeys.refreshToken(id), refreshToken);
		try {
			await store().catch(store);
		} catch (error) {
			throw sessionLost(runtime, id, error);
		}
	}

	await runtime.secrets.set(secretKeys.accessToken(id, plan.cacheKey), tokens.accessToken);
}

function sessionLost(runtime: Runtime, id: string, cause: unknown): MsidError {
	const account = readConfig(runtime.env).accounts[id];
	const name = account?.name ?? id;
	const why = cause instanceof Error ? cause.message.replace(/\.$/, '') : String(cause);
	return new MsidError(
		'sign-in-required',
		`The session of ${name} was lost: the provider issued a new refresh token and the keychain refused to store it twice (${why}).`,
		{cause, remedy: {kind: 'sign-in', account: name}, facts: {account: name}},
	);
}

/** The metadata half of storing tokens, applied inside a config update. */
export function applyTokens(account: AccountRecord, plan: TokenPlan, tokens: TokenSet): void {
	account.tokens[plan.cacheKey] = tokenRecord(plan, tokens);
	account.lastRefreshAt = tokens.obtainedAt;
	delete account.needsSignIn;
	delete account.throttledUntil;
	if (tokens.skewMs === undefined) {
		delete account.clockSkewMs;
	} else {
		account.clockSkewMs = tokens.skewMs;
	}

	rememberTenant(account, tokens.idClaims);
}

export function announce(runtime: Runtime, account: AccountRecord, plan: TokenPlan, tokens: TokenSet): FreshToken {
	if (tokens.skewMs !== undefined) {
		runtime.warn(skewWarning(tokens.skewMs));
	}

	return freshToken(account, account.tokens[plan.cacheKey] ?? tokenRecord(plan, tokens), tokens.accessToken, true);
}

export function tokenRecord(plan: TokenPlan, tokens: TokenSet): TokenRecord {
	const tenantId = typeof tokens.idClaims?.['tid'] === 'string' ? tokens.idClaims['tid'] : plan.tenant;
	return {
		...(tenantId ? {tenantId} : {}),
		cacheTenant: plan.tenant ?? '',
		scopes: plan.scopes,
		grantedScopes: tokens.grantedScopes,
		expiresAt: tokens.expiresAt,
		obtainedAt: tokens.obtainedAt,
		tokenType: tokens.tokenType,
		...(tokens.refreshAt === undefined ? {} : {refreshAt: tokens.refreshAt}),
		...(plan.cae ? {cae: true} : {}),
	};
}

/** Every process honours a 429's Retry-After: none asks the provider again before it has passed. */
function refuseWhileThrottled(runtime: Runtime, account: AccountRecord): void {
	const remaining = (account.throttledUntil ?? 0) - runtime.clock.now();
	if (remaining > 0) {
		throw new ThrottledError(`${account.name}'s identity provider is throttling requests (429 Too Many Requests): try again in ${Math.ceil(remaining / 1000)} s.`, remaining);
	}
}

async function rememberThrottling(runtime: Runtime, account: AccountRecord, retryAfterMs: number): Promise<void> {
	await updateConfig(runtime.env, data => {
		const stored = data.accounts[account.id];
		if (stored) {
			stored.throttledUntil = runtime.clock.now() + retryAfterMs;
		}
	});
}

async function markNeedsSignIn(runtime: Runtime, account: AccountRecord, error: MsidError): Promise<void> {
	await updateConfig(runtime.env, data => {
		const stored = data.accounts[account.id];
		if (stored) {
			stored.needsSignIn = {reason: error.message, at: runtime.clock.now(), code: error.code};
		}
	});
}

export function skewWarning(skewMs: number): string {
	const minutes = Math.round(Math.abs(skewMs) / 60_000);
	return `The local clock is ${minutes} min ${skewMs > 0 ? 'behind' : 'ahead of'} the server: token expiry was computed from the server's time. Fix the system clock (e.g. enable NTP).`;
}

function freshToken(account: AccountRecord, record: TokenRecord, accessToken: string, refreshed: boolean): FreshToken {
	return {
		accessToken,
		tokenType: record.tokenType,
		expiresAt: record.expiresAt,
		scopes: record.scopes,
		grantedScopes: record.grantedScopes,
		accountId: account.id,
		accountName: account.name,
		...(record.tenantId ? {tenantId: record.tenantId} : {}),
		refreshed,
		...(account.clockSkewMs === undefined ? {} : {clockSkewMs: account.clockSkewMs}),
		record,
	};
}
