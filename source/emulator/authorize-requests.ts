import {randomBytes} from 'node:crypto';
import type {Authority} from './authority.js';
import type {ClaimsRequest} from './claims-request.js';
import type {Client, User} from './directory.js';
import type {ScopeRequest} from './scopes.js';
import type {Clock} from '../model/clock.js';

/** A person has this long to get through the sign-in pages of one authorization request. */
const PENDING_LIFETIME_MS = 30 * 60 * 1000;

/** An authorization request between its GET and the final redirect: what the pages' hidden `tx` field names. */
export interface PendingAuthorization {
	id: string;
	client: Client;
	authority: Authority;
	redirectUri: string;
	responseMode: 'query' | 'fragment';
	state?: string;
	nonce?: string;
	codeChallenge?: string;
	codeChallengeMethod?: string;
	request: ScopeRequest;
	claims: ClaimsRequest;
	loginHint?: string;
	/** Set once the password checked out; the consent page comes next. */
	user?: User;
	expiresAt: number;
}

export class AuthorizeRequests {
	readonly #pending = new Map<string, PendingAuthorization>();

	constructor(private readonly clock: Clock) {}

	create(fields: Omit<PendingAuthorization, 'id' | 'expiresAt'>): PendingAuthorization {
		const pending = {...fields, id: randomBytes(24).toString('base64url'), expiresAt: this.clock.now() + PENDING_LIFETIME_MS};
		this.#pending.set(pending.id, pending);
		return pending;
	}

	find(id: string): PendingAuthorization | undefined {
		const pending = this.#pending.get(id);
		return pending && this.clock.now() < pending.expiresAt ? pending : undefined;
	}

	/** Each request ends in exactly one redirect. */
	finish(pending: PendingAuthorization): void {
		this.#pending.delete(pending.id);
	}
}
