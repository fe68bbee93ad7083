/**
 * An in-memory Services for UI and command tests: accounts in a Map, a scripted sign-in event
 * stream per call, a clipboard and a browser that record what they were given, and a clock that
 * only moves when the test says so (built on @sinonjs/fake-timers, never installed globally).
 *
 * Every service call is recorded in `calls`, and `failNext(operation, error)` makes the next call
 * of one operation reject, so tests can show how a view reports a locked keychain or no network.
 */
import FakeTimers from '@sinonjs/fake-timers';
import {accountState} from '../../source/app/accounts/account-state.js';
import {isFresh} from '../../source/app/accounts/refresh-rule.js';
import {MsidError} from '../../source/model/errors.js';
import type {SignInEvent} from '../../source/model/sign-in-events.js';
import type {
	AccountService,
	AccountView,
	BrowserService,
	ClipboardService,
	FreshToken,
	Services,
	SignInRequest,
	TokenRequest,
	TokenService,
} from '../../source/model/services.js';
import type {AccountRecord, TokenRecord} from '../../source/model/account.js';
import type {Clock} from '../../source/model/clock.js';

/** 2025-01-01T12:00:00Z: a fixed, readable start for every fake clock. */
export const fakeEpoch = Date.UTC(2025, 0, 1, 12, 0, 0);

const minute = 60_000;
const hour = 60 * minute;

export class FakeClock implements Clock {
	readonly timers: FakeTimers.Clock;

	constructor(start = fakeEpoch) {
		this.timers = FakeTimers.createClock(start);
	}

	now(): number {
		return this.timers.now;
	}

	async sleep(ms: number, signal?: AbortSignal): Promise<void> {
		return new Promise((resolve, reject) => {
			if (signal?.aborted) {
				reject(abortError());
				return;
			}

			const id = this.timers.setTimeout(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			}, ms);
			const onAbort = () => {
				this.timers.clearTimeout(id);
				reject(abortError());
			};

			signal?.addEventListener('abort', onAbort, {once: true});
		});
	}

	/** Moves time forward, firing every sleep that ends on the way and letting promises settle between them. */
	async advance(ms: number): Promise<void> {
		await this.timers.tickAsync(ms);
	}

	/**
	 * Leaps forward like a suspended laptop waking up: each sleep due on the way fires once, at the
	 * end, instead of every intermediate second. Cheaper than advance() for minutes of countdown.
	 */
	async jump(ms: number): Promise<void> {
		this.timers.jump(ms);
		await this.timers.tickAsync(0);
	}

	/** Sleeps still waiting, so a test can tell whether a countdown is scheduled. */
	get pendingSleeps(): number {
		return this.timers.countTimers();
	}
}

export class FakeClipboard implements ClipboardService {
	text = '';
	readonly writes: string[] = [];
	/** When set, write and read reject with it (no clipboard tool installed, no display...). */
	unavailable: Error | undefined;

	async write(text: string): Promise<void> {
		if (this.unavailable) {
			throw this.unavailable;
		}

		this.writes.push(text);
		this.text = text;
	}

	async writeSecret(text: string): Promise<void> {
		await this.write(text);
	}

	async read(): Promise<string> {
		if (this.unavailable) {
			throw this.unavailable;
		}

		return this.text;
	}

	async clearIf(stillHolds: (current: string) => boolean): Promise<'cleared' | 'replaced'> {
		if (!stillHolds(await this.read())) {
			return 'replaced';
		}

		await this.write('');
		return 'cleared';
	}
}

export class FakeBrowser implements BrowserService {
	readonly opened: string[] = [];
	/** False pretends no browser could be started. */
	canOpen = true;

	async open(url: string): Promise<boolean> {
		this.opened.push(url);
		return this.canOpen;
	}
}

/**
 * One call of `signIn`: the test pushes events with `emit`, ends the stream with `end`, or
 * lets `succeed` store an account and announce it. Aborting the request's signal makes the
 * stream reject with an AbortError, as the real loops do.
 */
export class FakeSignInSession implements AsyncIterable<SignInEvent> {
	readonly emitted: SignInEvent[] = [];
	private readonly queue: SignInEvent[] = [];
	private ended = false;
	private wake: (() => void) | undefined;

	constructor(
		readonly request: SignInRequest,
		private readonly services: FakeServices,
	) {
		request.signal?.addEventListener('abort', () => {
			this.notify();
		}, {once: true});
	}

	get aborted(): boolean {
		return this.request.signal?.aborted ?? false;
	}

	emit(...events: SignInEvent[]): this {
		this.queue.push(...events);
		this.notify();
		return this;
	}

	end(): void {
		this.ended = true;
		this.notify();
	}

	/** Stores (or replaces) the account, clears its needs-sign-in flag, emits success and ends. */
	succeed(record: AccountRecord): void {
		const stored: AccountRecord = {...record, needsSignIn: undefined};
		this.services.store.set(stored.id, stored);
		this.emit({type: 'success', accountId: stored.id, accountName: stored.name});
		this.end();
	}

	fail(error: MsidError): void {
		this.emit({type: 'failure', error});
		this.end();
	}

	async * [Symbol.asyncIterator](): AsyncIterator<SignInEvent> {
		while (true) {
			if (this.aborted) {
				throw abortError();
			}

			const next = this.queue.shift();
			if (next) {
				this.emitted.push(next);
				yield next;
				continue;
			}

			if (this.ended) {
				return;
			}

			await new Promise<void>(resolve => {
				this.wake = resolve;
			});
		}
	}

	private notify(): void {
		const wake = this.wake;
		this.wake = undefined;
		wake?.();
	}
}

export type FakeOperation = 'list' | 'get' | 'setDefault' | 'remove' | 'tokens.get' | 'signIn';

export interface FakeServicesOptions {
	accounts?: AccountRecord[];
	/** Id or name of the default account; the first account when absent. */
	defaultAccount?: string;
	now?: number;
	storeKind?: Services['storeKind'];
}

export class FakeServices implements Services {
	readonly clock: FakeClock;
	readonly clipboard = new FakeClipboard();
	readonly browser = new FakeBrowser();
	readonly store = new Map<string, AccountRecord>();
	readonly signIns: FakeSignInSession[] = [];
	readonly calls = {
		setDefault: [] as Array<{account: string; tenant?: string}>,
		remove: [] as string[],
		tokens: [] as TokenRequest[],
		signIn: [] as SignInRequest[],
	};

	/** Called with every new sign-in session, e.g. to script its events. */
	onSignIn: ((session: FakeSignInSession) => void) | undefined;
	/** Access token values by account id; otherwise an unsigned JWT built from the account. */
	readonly accessTokens = new Map<string, string>();
	storeKind: Services['storeKind'];
	defaultAccountId: string | undefined;

	readonly accounts: AccountService;
	readonly tokens: TokenService;
	private readonly failures = new Map<FakeOperation, Error>();
	private readonly watchers = new Set<() => void>();

	constructor(options: FakeServicesOptions = {}) {
		this.clock = new FakeClock(options.now);
		this.storeKind = options.storeKind ?? 'keychain';
		for (const record of options.accounts ?? []) {
			this.store.set(record.id, structuredClone(record));
		}

		this.defaultAccountId = options.defaultAccount === undefined
			? options.accounts?.[0]?.id
			: this.find(options.defaultAccount).id;
		this.accounts = {
			list: async () => {
				this.maybeFail('list');
				return [...this.store.values()].map(record => this.view(record));
			},
			get: async nameOrPrefix => {
				this.maybeFail('get');
				return this.view(this.find(nameOrPrefix ?? this.defaultAccountId ?? ''));
			},
			setDefault: async (nameOrPrefix, tenant) => {
				this.calls.setDefault.push(tenant === undefined ? {account: nameOrPrefix} : {account: nameOrPrefix, tenant});
				this.maybeFail('setDefault');
				const record = this.find(nameOrPrefix);
				if (tenant !== undefined) {
					if (!record.tenants.some(known => known.id === tenant)) {
						throw new MsidError('unknown-tenant', `${record.name} does not know tenant ${tenant}.`);
					}

					record.activeTenantId = tenant;
				}

				this.defaultAccountId = record.id;
				return this.view(record);
			},
			remove: async nameOrPrefix => {
				this.calls.remove.push(nameOrPrefix);
				this.maybeFail('remove');
				const record = this.find(nameOrPrefix);
				this.store.delete(record.id);
				if (this.defaultAccountId === record.id) {
					this.defaultAccountId = this.store.keys().next().value;
				}
			},
			watch: onChange => {
				this.watchers.add(onChange);
				return () => {
					this.watchers.delete(onChange);
				};
			},
		};
		this.tokens = {get: async request => this.getToken(request)};
	}

	/** As another process would: changes the accounts (if `change` is given) and tells the watchers. */
	changeElsewhere(change?: (store: Map<string, AccountRecord>) => void): void {
		change?.(this.store);
		for (const onChange of this.watchers) {
			onChange();
		}
	}

	/** How many views follow the accounts now. */
	get watcherCount(): number {
		return this.watchers.size;
	}

	/** The next call of `operation` rejects with `error` (once). */
	failNext(operation: FakeOperation, error: Error): void {
		this.failures.set(operation, error);
	}

	signIn(request: SignInRequest): AsyncIterable<SignInEvent> {
		this.calls.signIn.push(request);
		this.maybeFail('signIn');
		const session = new FakeSignInSession(request, this);
		this.signIns.push(session);
		this.onSignIn?.(session);
		return session;
	}

	get lastSignIn(): FakeSignInSession | undefined {
		return this.signIns.at(-1);
	}

	record(nameOrId: string): AccountRecord {
		return this.find(nameOrId);
	}

	/** The access token tokens.get would hand out for an account (so tests can compare, never render). */
	accessTokenFor(record: AccountRecord): string {
		const token = firstToken(record);
		return this.accessTokens.get(record.id) ?? fakeJwt({
			aud: 'https://graph.microsoft.com',
			iss: `https://sts.windows.net/${record.activeTenantId ?? record.homeTenantId ?? 'common'}/`,
			tid: record.activeTenantId ?? record.homeTenantId,
			oid: record.subject,
			upn: record.username,
			scp: (token?.grantedScopes ?? record.scopes).filter(scope => !['openid', 'profile', 'email', 'offline_access'].includes(scope)).join(' '),
			iat: Math.floor((token?.obtainedAt ?? this.clock.now()) / 1000),
			exp: Math.floor((token?.expiresAt ?? this.clock.now() + hour) / 1000),
		});
	}

	private async getToken(request: TokenRequest): Promise<FreshToken> {
		this.calls.tokens.push(request);
		this.maybeFail('tokens.get');
		const record = request.account === undefined ? this.find(this.defaultAccountId ?? '') : this.find(request.account);
		if (record.needsSignIn) {
			throw new MsidError('sign-in-required', `${record.name} must sign in again: ${record.needsSignIn.reason}`, {remedy: {kind: 'sign-in', account: record.name}});
		}

		const now = this.clock.now();
		const [key, existing] = pickToken(record, request);
		const refresh = request.force === true || !isFresh(existing, now);
		const token: TokenRecord = refresh
			? {
				scopes: request.scopes ?? existing?.scopes ?? record.scopes,
				grantedScopes: existing?.grantedScopes ?? request.scopes ?? record.scopes,
				tenantId: request.tenant ?? existing?.tenantId ?? record.activeTenantId,
				tokenType: 'Bearer',
				expiresAt: now + hour,
				obtainedAt: now,
			}
			: existing;
		record.tokens[key] = token;
		if (refresh) {
			record.lastRefreshAt = now;
		}

		return {
			accessToken: this.accessTokenFor(record),
			tokenType: token.tokenType,
			expiresAt: token.expiresAt,
			scopes: token.scopes,
			grantedScopes: token.grantedScopes,
			accountId: record.id,
			accountName: record.name,
			tenantId: token.tenantId,
			refreshed: refresh,
			record: structuredClone(token),
		};
	}

	private view(record: AccountRecord): AccountView {
		return {
			record: structuredClone(record),
			isDefault: record.id === this.defaultAccountId,
			state: accountState(record, this.clock.now()),
			insecureStore: record.store === 'file',
		};
	}

	private find(nameOrPrefix: string): AccountRecord {
		const records = [...this.store.values()];
		const exact = records.find(record => record.id === nameOrPrefix || record.name === nameOrPrefix || record.alias === nameOrPrefix);
		if (exact) {
			return exact;
		}

		const matches = records.filter(record => nameOrPrefix !== '' && record.name.startsWith(nameOrPrefix));
		if (matches.length === 1) {
			return matches[0]!;
		}

		throw new MsidError('unknown-account', matches.length > 1
			? `"${nameOrPrefix}" matches several accounts; type more of the name.`
			: `No account "${nameOrPrefix}". Run msid list to see them.`);
	}

	private maybeFail(operation: FakeOperation): void {
		const error = this.failures.get(operation);
		if (error) {
			this.failures.delete(operation);
			throw error;
		}
	}
}

function firstToken(record: AccountRecord): TokenRecord | undefined {
	return Object.values(record.tokens)[0];
}

function pickToken(record: AccountRecord, request: TokenRequest): [string, TokenRecord | undefined] {
	const wanted = request.scopes?.join(' ');
	for (const [key, token] of Object.entries(record.tokens)) {
		if ((wanted === undefined || token.scopes.join(' ') === wanted) && (request.tenant === undefined || token.tenantId === request.tenant)) {
			return [key, token];
		}
	}

	return [`${request.tenant ?? record.activeTenantId ?? ''}|${wanted ?? record.scopes.join(' ')}`, undefined];
}

function abortError(): Error {
	return new DOMException('The operation was aborted.', 'AbortError');
}

/** An unsigned, unvalidated JWT whose payload is `claims`: enough for display-only decoding. */
export function fakeJwt(claims: Record<string, unknown>): string {
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({alg: 'none', typ: 'JWT'})}.${part(claims)}.fake-signature`;
}

export const contosoTenant = {id: '72f988bf-86f1-41af-91ab-2d7cd011db47', name: 'Contoso', domain: 'contoso.com', source: 'sign-in'} as const;
export const fabrikamTenant = {id: 'b5f0e7c2-1d1e-4c1a-9d6f-3a0c2e5f9a11', name: 'Fabrikam', domain: 'fabrikam.com', source: 'arm'} as const;

/** A cached token expiring `expiresIn` ms after the fake epoch (an hour by default). */
export function makeToken(overrides: Partial<TokenRecord> & {expiresIn?: number} = {}): TokenRecord {
	const {expiresIn = hour, ...rest} = overrides;
	return {
		scopes: ['openid', 'profile', 'offline_access', 'User.Read'],
		grantedScopes: ['openid', 'profile', 'email', 'User.Read'],
		tenantId: contosoTenant.id,
		tokenType: 'Bearer',
		expiresAt: fakeEpoch + expiresIn,
		obtainedAt: fakeEpoch + expiresIn - hour,
		...rest,
	};
}

/** Alice at Contoso (with Fabrikam as a guest tenant), signed in by device code, token valid for an hour. */
export function makeAccount(overrides: Partial<AccountRecord> = {}): AccountRecord {
	const token = makeToken();
	return {
		id: 'acc-alice',
		name: 'alice@contoso.com',
		kind: 'user',
		provider: {kind: 'entra', cloud: 'global', authorityHost: 'https://login.microsoftonline.com', tenant: 'organizations', clientId: '14d82eec-204b-4c2f-b7e8-296a70dab67e'},
		flow: 'device-code',
		scopes: ['openid', 'profile', 'offline_access', 'User.Read'],
		username: 'alice@contoso.com',
		displayName: 'Alice Example',
		subject: '3f2a8c51-7a1e-4f25-9c2b-8d9e0f1a2b3c',
		homeTenantId: contosoTenant.id,
		activeTenantId: contosoTenant.id,
		tenants: [{...contosoTenant}, {...fabrikamTenant}],
		store: 'keychain',
		tokens: {[`${contosoTenant.id}|openid profile offline_access User.Read`]: token},
		createdAt: fakeEpoch - 24 * hour,
		lastRefreshAt: token.obtainedAt,
		...overrides,
	};
}

/** Three accounts covering the states the list shows: valid, expiring soon, needs sign-in. */
export function sampleAccounts(): AccountRecord[] {
	return [
		makeAccount(),
		makeAccount({
			id: 'acc-bob',
			name: 'bob@fabrikam.com',
			username: 'bob@fabrikam.com',
			displayName: 'Bob Builder',
			subject: '9d8c7b6a-5f4e-4d3c-2b1a-0f9e8d7c6b5a',
			homeTenantId: fabrikamTenant.id,
			activeTenantId: fabrikamTenant.id,
			tenants: [{...fabrikamTenant, source: 'sign-in'}],
			tokens: {[`${fabrikamTenant.id}|User.Read Mail.ReadWrite`]: makeToken({
				scopes: ['User.Read', 'Mail.ReadWrite'],
				grantedScopes: ['User.Read', 'Mail.ReadWrite', 'Files.Read.All'],
				tenantId: fabrikamTenant.id,
				expiresIn: 4 * minute,
			})},
		}),
		makeAccount({
			id: 'acc-carol',
			name: 'carol@contoso.com',
			username: 'carol@contoso.com',
			displayName: 'Carol Jones',
			subject: '11111111-2222-4333-8444-555555555555',
			tenants: [{...contosoTenant}],
			needsSignIn: {reason: 'the refresh token expired (AADSTS700082)', code: '700082', at: fakeEpoch - hour},
			tokens: {},
		}),
	];
}
