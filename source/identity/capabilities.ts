import type {ProviderRecord} from '../model/account.js';
import {cp1Claims, mergeClaims} from './claims-challenge.js';

/**
 * Entra clients declare the cp1 capability (they can answer claims challenges), so tokens may
 * be continuous-access-evaluation tokens. Other servers are sent only what the user asked for.
 */
export function claimsFor(provider: Pick<ProviderRecord, 'kind'>, claims: string | undefined): string | undefined {
	return provider.kind === 'entra' ? mergeClaims(claims, cp1Claims) : claims;
}
