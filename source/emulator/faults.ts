/**
 * Switches tests (and people trying `msid demo`) flip to make the emulator misbehave the way
 * the real service sometimes does: throttling, outages, captive portals, clock skew, declined
 * or expired codes, revoked sessions, conditional access challenges.
 */
import {AadstsError} from './aadsts-error.js';
import type {DeviceCodeRecord, DeviceCodes} from './device-codes.js';
import type {RefreshTokens} from './refresh-tokens.js';

export const FAULT_ENDPOINTS = ['discovery', 'devicecode', 'token', 'jwks', 'authorize', 'me', 'tenants'] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

export type Fault =
	/** The token endpoint answers `slow_down` to the next poll of a pending device code. */
	| {kind: 'slow_down'}
	/**
	 * That status, with an AADSTS-shaped JSON body (default), none, or plain text (the default
	 * for 429: Entra's throttling answer is text with a Retry-After in seconds).
	 */
	| {kind: 'status'; status: number; body?: 'json' | 'empty' | 'text'; retryAfter?: number}
	/** The socket is destroyed without a response. */
	| {kind: 'drop'}
	/** An HTML page instead of JSON (a proxy's or captive portal's), status 200 unless given. */
	| {kind: 'html'; status?: number}
	/** `application/json` whose body is not JSON, status 200 unless given. */
	| {kind: 'malformed'; status?: number}
	/** Waits (real time) before answering normally. */
	| {kind: 'latency'; ms: number}
	/** A redirect (307 unless given) to `location`, e.g. another origin. */
	| {kind: 'redirect'; location: string; status?: number}
	/** An identity platform error, e.g. `{error: 'invalid_grant', code: 700082}`. */
	| {kind: 'aadsts'; error: string; code: number; status?: number; description?: string};

export interface FaultSwitches {
	/** Queues `fault` for the next `times` requests to `endpoint`; faults are consumed in order. */
	enqueue(endpoint: FaultEndpoint, fault: Fault, times?: number): void;
	/** Drops queued faults, the claims requirement and the date skew. */
	clear(): void;
	/** Every `Date` header is the emulator clock plus `ms`. */
	setDateSkew(ms: number): void;
	/** The user declines the device code with this user code. */
	decline(userCode: string): void;
	/** The device code with this user code expires now. */
	expire(userCode: string): void;
	/** Revokes the refresh tokens of `username`, or everyone's; answers how many sign-ins were revoked. */
	revokeRefreshTokens(username?: string): number;
	/** Graph `/v1.0/me` answers a claims challenge until a token carries this authentication context in `acrs`. */
	requireClaims(acrsValue?: string): void;
	/**
	 * Continuous access evaluation: the sessions of `username` (or everyone's) are revoked at the
	 * APIs. Every CAE access token (xms_cc cp1) issued so far is refused with a claims challenge
	 * in each API's own shape (Graph: insufficient_claims; Resource Manager: invalid_token);
	 * tokens issued afterwards, by a refresh with those claims, pass. Plain tokens are not
	 * evaluated, as at Entra. Answers how many tokens were revoked.
	 */
	revokeSessions(username?: string): number;
	/**
	 * Nobody consented to the client for this API (an app id or identifier URI; Resource Manager
	 * when absent): a refresh for its scopes is AADSTS65001 (invalid_grant, suberror
	 * consent_required), while other APIs go on working, as at Entra.
	 */
	refuseConsent(resource?: string): void;
	/**
	 * The tenant (id; every tenant when absent) no longer lets its guests in: a guest's sign-in
	 * or refresh there is AADSTS50020, as for someone who was never invited, while members and
	 * the guest's home tenant go on working.
	 */
	refuseGuests(tenantId?: string): void;
}

interface Queued {
	fault: Fault;
	remaining: number;
}

export class EmulatorFaults implements FaultSwitches {
	readonly #queues = new Map<FaultEndpoint, Queued[]>();
	#skewMs = 0;
	#requiredAcrs: string | undefined;
	/** Access tokens issued, by `uti`: who and when (epoch ms), for session revocation. */
	readonly #issued = new Map<string, {username: string; at: number}>();
	/** `uti` of revoked CAE tokens, with the revocation time in epoch seconds (the challenge's `nbf`). */
	readonly #revoked = new Map<string, number>();
	readonly #unconsented = new Set<string>();
	/** Tenant ids refusing guests; `*` for all. */
	readonly #guestsRefused = new Set<string>();

	constructor(
		private readonly deviceCodes: DeviceCodes,
		private readonly refreshTokens: RefreshTokens,
	) {}

	get skewMs(): number {
		return this.#skewMs;
	}

	get requiredAcrs(): string | undefined {
		return this.#requiredAcrs;
	}

	enqueue(endpoint: FaultEndpoint, fault: Fault, times = 1): void {
		if (!FAULT_ENDPOINTS.includes(endpoint)) {
			throw new TypeError(`Unknown endpoint "${String(endpoint)}"; expected one of ${FAULT_ENDPOINTS.join(', ')}.`);
		}

		if (times > 0) {
			this.#queue(endpoint).push({fault, remaining: times});
		}
	}

	clear(): void {
		this.#queues.clear();
		this.#skewMs = 0;
		this.#requiredAcrs = undefined;
		this.#revoked.clear();
		this.#unconsented.clear();
		this.#guestsRefused.clear();
	}

	refuseGuests(tenantId = '*'): void {
		this.#guestsRefused.add(tenantId.toLowerCase());
	}

	guestsRefused(tenantId: string): boolean {
		return this.#guestsRefused.has('*') || this.#guestsRefused.has(tenantId.toLowerCase());
	}

	refuseConsent(resource = 'https://management.azure.com'): void {
		this.#unconsented.add(resource.toLowerCase());
	}

	/** Whether consent for this API (by app id or any identifier) is refused. */
	consentRefused(names: string[]): boolean {
		return names.some(name => this.#unconsented.has(name.toLowerCase()));
	}

	/** Called for every access token issued to a user. */
	noteIssued(uti: string, username: string, at: number): void {
		this.#issued.set(uti, {username, at});
	}

	revokeSessions(username?: string): number {
		const wanted = username?.toLowerCase();
		let count = 0;
		for (const [uti, issued] of this.#issued) {
			if (wanted === undefined || issued.username.toLowerCase() === wanted) {
				this.#revoked.set(uti, Math.floor(issued.at / 1000) + 1);
				count++;
			}
		}

		return count;
	}

	/** The `nbf` a new token must be issued after, when this token's session was revoked. */
	revokedSince(uti: unknown): number | undefined {
		return typeof uti === 'string' ? this.#revoked.get(uti) : undefined;
	}

	setDateSkew(ms: number): void {
		this.#skewMs = ms;
	}

	decline(userCode: string): void {
		const record = this.#pending(userCode);
		record.status = 'declined';
	}

	expire(userCode: string): void {
		this.#pending(userCode).forcedExpired = true;
	}

	revokeRefreshTokens(username?: string): number {
		return this.refreshTokens.revoke(username);
	}

	requireClaims(acrsValue = 'c1'): void {
		this.#requiredAcrs = acrsValue;
	}

	/**
	 * The fault for this request to `endpoint`, consumed. A queued `slow_down` is left for
	 * `takeSlowDown`, because only a poll of a pending device code can be answered with it.
	 */
	take(endpoint: FaultEndpoint): Fault | undefined {
		const head = this.#queue(endpoint)[0];
		return head && head.fault.kind !== 'slow_down' ? this.#consume(endpoint) : undefined;
	}

	takeSlowDown(): boolean {
		const head = this.#queue('token')[0];
		return head?.fault.kind === 'slow_down' && this.#consume('token') !== undefined;
	}

	#consume(endpoint: FaultEndpoint): Fault | undefined {
		const queue = this.#queue(endpoint);
		const head = queue[0];
		if (!head) {
			return undefined;
		}

		head.remaining -= 1;
		if (head.remaining <= 0) {
			queue.shift();
		}

		return head.fault;
	}

	#queue(endpoint: FaultEndpoint): Queued[] {
		let queue = this.#queues.get(endpoint);
		if (!queue) {
			queue = [];
			this.#queues.set(endpoint, queue);
		}

		return queue;
	}

	#pending(userCode: string): DeviceCodeRecord {
		const record = this.deviceCodes.byUserCode(userCode);
		if (!record) {
			throw new Error(`No device code has the user code "${userCode}".`);
		}

		return record;
	}
}

/** The error a queued `aadsts` fault stands for. */
export function faultError(fault: Extract<Fault, {kind: 'aadsts'}>): AadstsError {
	return new AadstsError(fault.error, fault.code, fault.description ?? `Emulated failure ${fault.error}.`, fault.status ?? 400);
}
