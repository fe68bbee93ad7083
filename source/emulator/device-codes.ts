import {randomBytes, randomInt} from 'node:crypto';
import type {Authority} from './authority.js';
import type {ClaimsRequest} from './claims-request.js';
import type {Client} from './directory.js';
import type {ScopeRequest} from './scopes.js';
import type {TenantSession} from './sign-in.js';
import type {UserSignIn} from './tokens.js';
import type {Clock} from '../model/clock.js';

export type DeviceCodeStatus = 'pending' | 'approved' | 'declined' | 'redeemed';

export interface DeviceCodeRecord {
	deviceCode: string;
	userCode: string;
	client: Client;
	authority: Authority;
	request: ScopeRequest;
	claims: ClaimsRequest;
	expiresAt: number;
	status: DeviceCodeStatus;
	/** Set by the fault switch `expire()`: expired whatever the clock says. */
	forcedExpired: boolean;
	approval?: {signIn: UserSignIn; session: TenantSession};
}

/** Entra's user codes: 9 characters of A-Z and 0-9. */
const USER_CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export class DeviceCodes {
	readonly #byDeviceCode = new Map<string, DeviceCodeRecord>();
	readonly #byUserCode = new Map<string, DeviceCodeRecord>();

	constructor(private readonly clock: Clock) {}

	create(fields: Pick<DeviceCodeRecord, 'client' | 'authority' | 'request' | 'claims'>, lifetimeSeconds: number): DeviceCodeRecord {
		const record: DeviceCodeRecord = {
			...fields,
			deviceCode: randomBytes(48).toString('base64url'),
			userCode: this.#uniqueUserCode(),
			expiresAt: this.clock.now() + lifetimeSeconds * 1000,
			status: 'pending',
			forcedExpired: false,
		};
		this.#byDeviceCode.set(record.deviceCode, record);
		this.#byUserCode.set(record.userCode, record);
		return record;
	}

	byDeviceCode(deviceCode: string): DeviceCodeRecord | undefined {
		return this.#byDeviceCode.get(deviceCode);
	}

	/** People type codes in lower case, with spaces or dashes: accept that. */
	byUserCode(userCode: string): DeviceCodeRecord | undefined {
		return this.#byUserCode.get(userCode.toUpperCase().replace(/[\s-]/g, ''));
	}

	isExpired(record: DeviceCodeRecord): boolean {
		return record.forcedExpired || this.clock.now() >= record.expiresAt;
	}

	#uniqueUserCode(): string {
		for (;;) {
			const code = Array.from({length: 9}, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join('');
			if (!this.#byUserCode.has(code)) {
				return code;
			}
		}
	}
}
