/**
 * Plain guidance for the AADSTS codes users meet most. The server's own description is kept
 * as a fact; the advice says what happened, the remedy (data) what to do about it.
 */
import type {Remedy} from '../model/errors.js';

export interface AadstsAdvice {
	/** What happened, in plain words for any face. */
	advice: string;
	/** The refresh token itself is dead: every silent request of the account fails until it signs in again. */
	needsSignIn?: boolean;
	remedy?: Remedy;
	/**
	 * This request (this resource, these claims, this tenant) needs the user; the refresh token
	 * still serves everything else, so the account stays valid unless it was the account's own token.
	 */
	interaction?: boolean;
}

const table: Record<number, AadstsAdvice> = {
	50076: {advice: 'multi-factor authentication is required: sign in again interactively.', interaction: true},
	50079: {advice: 'multi-factor authentication must be set up: sign in again interactively.', interaction: true},
	53003: {advice: 'blocked by a conditional access policy.', remedy: {kind: 'ask-admin', what: 'a conditional access policy blocks this sign-in'}},
	65001: {advice: 'the app needs consent for these permissions: sign in interactively to consent, or ask an administrator to grant admin consent.', interaction: true},
	65002: {advice: 'this Microsoft client is not pre-authorised for that API.', remedy: {kind: 'give-setting', setting: 'client-id'}},
	90072: {advice: 'the account is not a user of this tenant (it would need to be invited as a guest).', remedy: {kind: 'give-setting', setting: 'tenant'}},
	500011: {advice: 'the API (resource) is not known in this tenant.', remedy: {kind: 'give-setting', setting: 'resource'}},
	700016: {advice: 'the application (client id) was not found in this tenant.', remedy: {kind: 'give-setting', setting: 'client-id'}},
	7000218: {advice: 'the app does not allow public client flows.', remedy: {kind: 'app-registration', what: 'enable "Allow public client flows" (or sign in with the app\'s own secret)'}},
	70011: {advice: 'a requested scope is invalid (client credentials need RESOURCE/.default).', remedy: {kind: 'give-setting', setting: 'scope'}},
	90002: {advice: 'the tenant was not found.', remedy: {kind: 'give-setting', setting: 'tenant'}},
	700082: {advice: 'the refresh token expired after a period of inactivity: sign in again.', needsSignIn: true},
	70008: {advice: 'the refresh token has expired or was revoked: sign in again.', needsSignIn: true},
	50173: {advice: 'the grant was revoked (for example after a password change): sign in again.', needsSignIn: true},
	70043: {advice: 'the sign-in frequency policy expired this session: sign in again.', needsSignIn: true},
	50126: {advice: 'invalid username or password.', remedy: {kind: 'give-setting', setting: 'username'}},
	50020: {advice: 'the user is not a member of this tenant.', remedy: {kind: 'give-setting', setting: 'tenant'}},
	7000215: {advice: 'the client secret is wrong or expired.', remedy: {kind: 'app-registration', what: 'create a new client secret, then sign in again with it'}},
	700027: {advice: 'the client assertion signature did not verify.', remedy: {kind: 'app-registration', what: 'upload the certificate that matches the private key'}},
	700024: {advice: 'the client assertion is outside its validity window: check the local clock.'},
	1002012: {advice: 'client credentials need a scope of the form RESOURCE/.default (for example https://graph.microsoft.com/.default).', remedy: {kind: 'give-setting', setting: 'scope'}},
	50058: {advice: 'no signed-in session was found: sign in again.', interaction: true},
};

export function aadstsCode(description: string | undefined, codes?: unknown): number | undefined {
	if (Array.isArray(codes) && typeof codes[0] === 'number') {
		return codes[0];
	}

	const match = /AADSTS(\d+)/.exec(description ?? '');
	return match ? Number(match[1]) : undefined;
}

export function aadstsAdvice(code: number | undefined): AadstsAdvice | undefined {
	return code === undefined ? undefined : table[code];
}
