import type {AuthorizationCodes} from './authorization-codes.js';
import type {AuthorizeRequests} from './authorize-requests.js';
import type {DeviceCodes} from './device-codes.js';
import type {Directory} from './directory.js';
import type {EmulatorFaults} from './faults.js';
import type {RefreshTokens} from './refresh-tokens.js';
import type {SigningKey} from './signing-key.js';
import type {Stats} from './stats.js';
import type {Clock} from '../model/clock.js';

export interface EmulatorSettings {
	interval: number;
	deviceCodeLifetimeSeconds: number;
	/** The lifetime of the next user access token: Entra draws one between 60 and 90 minutes. */
	userTokenLifetimeSeconds: () => number;
	appTokenLifetimeSeconds: number;
	/** Replaying a refresh token that was already redeemed is AADSTS70008 (Auth0-like), not accepted (Entra). */
	refreshTokenReuseDetection: boolean;
	/** The `message` of device authorization answers; tests make it hostile. */
	deviceCodeMessage: (verificationUri: string, userCode: string) => string;
	/** The origin issuers name when it is not the sign-in host's (the China cloud); issuers.ts. */
	issuerOrigin?: string;
}

/** Everything a request handler may use; one per running emulator. */
export interface EmulatorContext {
	/** `http://127.0.0.1:PORT`, known once the server listens. */
	url: string;
	directory: Directory;
	clock: Clock;
	settings: EmulatorSettings;
	signingKey: SigningKey;
	deviceCodes: DeviceCodes;
	refreshTokens: RefreshTokens;
	authorizationCodes: AuthorizationCodes;
	authorizeRequests: AuthorizeRequests;
	faults: EmulatorFaults;
	stats: Stats;
}
