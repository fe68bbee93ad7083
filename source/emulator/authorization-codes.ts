import {randomBytes} from 'node:crypto';
import type {ClaimsRequest} from './claims-request.js';
import type {Client} from './directory.js';
import type {ScopeRequest} from './scopes.js';
import type {TenantSession} from './sign-in.js';
import type {UserSignIn} from './tokens.js';
import type {Clock} from '../model/clock.js';

/** Authorization codes live about ten minutes at the identity platform. */
const CODE_LIFETIME_MS = 10 * 60 * 1000;

export interface AuthorizationCodeRecord {
	code: string;
	client: Client;
	redirectUri: string;
	codeChallenge?: string;
	codeChallengeMethod?: string;
	request: ScopeRequest;
	claims: ClaimsRequest;
	nonce?: string;
	signIn: UserSignIn;
	session: TenantSession;
	expiresAt: number;
	redeemed: boolean;
}

export class AuthorizationCodes {
	readonly #codes = new Map<string, AuthorizationCodeRecord>();

	constructor(private readonly clock: Clock) {}

	issue(fields: Omit<AuthorizationCodeRecord, 'code' | 'expiresAt' | 'redeemed'>): AuthorizationCodeRecord {
		const record = {...fields, code: randomBytes(48).toString('base64url'), expiresAt: this.clock.now() + CODE_LIFETIME_MS, redeemed: false};
		this.#codes.set(record.code, record);
		return record;
	}

	find(code: string): AuthorizationCodeRecord | undefined {
		return this.#codes.get(code);
	}

	isExpired(record: AuthorizationCodeRecord): boolean {
		return this.clock.now() >= record.expiresAt;
	}
}
