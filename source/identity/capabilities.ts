import type {ProviderRecord} from '../model/account.js';
import {cp1Claims, mergeClaims} from './claims-challenge.js';

/**
 * Declaring the cp1 capability tells Entra the caller answers claims challenges, and Entra then
 * issues continuous access evaluation tokens (up to 28 h, revocable mid-life). Only a caller
 * that can answer a challenge asks for that (`cae`); everyone else gets plain tokens, and other
 * servers are sent only what the user asked for.
 */
export function claimsFor(provider: Pick<ProviderRecord, 'kind'>, claims: string | undefined, cae = false): string | undefined {
	return provider.kind === 'entra' && cae ? mergeClaims(claims, cp1Claims) : claims;
}
