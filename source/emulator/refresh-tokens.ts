import {randomBytes, randomUUID} from 'node:crypto';
import {AadstsError, entraTimestamp} from './aadsts-error.js';
import type {ScopeRequest} from './scopes.js';
import type {UserSignIn} from './tokens.js';
import type {Clock} from '../model/clock.js';

/** Refresh tokens slide: unused for this long, they expire (AADSTS700082). */
export const REFRESH_TOKEN_INACTIVITY_MS = 90 * 24 * 60 * 60 * 1000;

/** One sign-in's chain of refresh tokens; each refresh replaces `current`. */
export interface RefreshFamily {
	id: string;
	signIn: UserSignIn;
	/** The scopes of the sign-in: what a refresh without `scope` asks for again. */
	request: ScopeRequest;
	current: string;
	lastUsedAt: number;
	revokedAt?: number;
}

/**
 * Opaque refresh tokens with rotation: every redemption issues a new token. As at Entra, the
 * one presented stays usable (a public client's redeemed refresh token lives on until it
 * expires); with reuse detection on (Auth0, Okta) it is retired, so a client that keeps using
 * an old token learns it at once.
 */
export class RefreshTokens {
	readonly #tokens = new Map<string, RefreshFamily>();
	readonly #families: RefreshFamily[] = [];

	constructor(
		private readonly clock: Clock,
		private readonly reuseDetection = false,
	) {}

	issue(signIn: UserSignIn, request: ScopeRequest): string {
		const family: RefreshFamily = {id: randomUUID(), signIn, request, current: '', lastUsedAt: this.clock.now()};
		this.#families.push(family);
		return this.rotate(family);
	}

	/** The family of a token that may be redeemed now by `clientId`; throws the identity platform's invalid_grant otherwise. */
	validate(token: string, clientId: string): RefreshFamily {
		const family = this.#tokens.get(token);
		if (!family) {
			throw new AadstsError('invalid_grant', 9_002_313, 'Invalid request. Request is malformed or invalid.');
		}

		if (family.signIn.client.clientId.toLowerCase() !== clientId.toLowerCase()) {
			throw new AadstsError('invalid_grant', 70_000, 'Provided grant is invalid or malformed. The refresh token was issued to a different client.');
		}

		if (family.revokedAt !== undefined) {
			throw new AadstsError(
				'invalid_grant',
				50_173,
				`The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${entraTimestamp(family.signIn.authTime)}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${entraTimestamp(family.revokedAt)}'.`,
			);
		}

		if (this.reuseDetection && family.current !== token) {
			throw new AadstsError(
				'invalid_grant',
				70_008,
				'The provided authorization code or refresh token has expired or was already redeemed: a newer refresh token replaced it. Send a new interactive authorization request for this user and resource.',
			);
		}

		if (this.clock.now() - family.lastUsedAt >= REFRESH_TOKEN_INACTIVITY_MS) {
			throw new AadstsError(
				'invalid_grant',
				700_082,
				`The refresh token has expired due to inactivity. The token was issued on ${entraTimestamp(family.lastUsedAt)} and was inactive for 90.00:00:00.`,
			);
		}

		return family;
	}

	/** Issues the family's next token; the previous one stops working. */
	rotate(family: RefreshFamily): string {
		const next = randomBytes(64).toString('base64url');
		family.current = next;
		family.lastUsedAt = this.clock.now();
		this.#tokens.set(next, family);
		return next;
	}

	/** Revokes every family of `username`, or every family; answers how many. */
	revoke(username?: string): number {
		const wanted = username?.toLowerCase();
		const now = this.clock.now();
		const families = this.#families.filter(family => family.revokedAt === undefined && (wanted === undefined || family.signIn.user.username.toLowerCase() === wanted));
		for (const family of families) {
			family.revokedAt = now;
		}

		return families.length;
	}
}
