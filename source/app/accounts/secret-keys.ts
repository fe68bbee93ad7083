/**
 * Where each of an account's secrets lives in the SecretStore. Keys are derived from the
 * account's opaque id, never from user text, so nothing remote shapes a keychain entry name.
 */
import type {AccountRecord} from '../../model/account.js';

export const secretKeys = {
	refreshToken: (accountId: string) => `${accountId}/refresh-token`,
	accessToken: (accountId: string, cacheKey: string) => `${accountId}/access-token/${cacheKey}`,
	clientSecret: (accountId: string) => `${accountId}/client-secret`,
	privateKey: (accountId: string) => `${accountId}/private-key`,
	password: (accountId: string) => `${accountId}/password`,
};

/**
 * Every name under which the account can hold a secret: the fixed ones and one access token per
 * token record (config keeps them by cache key). The record is the index of the account's
 * entries, so removing them needs no listing of the keychain.
 */
export function accountSecretNames(account: AccountRecord): string[] {
	const {id} = account;
	return [
		secretKeys.refreshToken(id),
		secretKeys.clientSecret(id),
		secretKeys.privateKey(id),
		secretKeys.password(id),
		...Object.keys(account.tokens).map(cacheKey => secretKeys.accessToken(id, cacheKey)),
	];
}

export function isAccountKey(key: string, accountId: string): boolean {
	return key.startsWith(`${accountId}/`);
}
