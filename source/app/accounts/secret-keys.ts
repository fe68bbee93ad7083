/**
 * Where each of an account's secrets lives in the SecretStore. Keys are derived from the
 * account's opaque id, never from user text, so nothing remote shapes a keychain entry name.
 */
export const secretKeys = {
	refreshToken: (accountId: string) => `${accountId}/refresh-token`,
	accessToken: (accountId: string, cacheKey: string) => `${accountId}/access-token/${cacheKey}`,
	clientSecret: (accountId: string) => `${accountId}/client-secret`,
	privateKey: (accountId: string) => `${accountId}/private-key`,
	password: (accountId: string) => `${accountId}/password`,
};

export function isAccountKey(key: string, accountId: string): boolean {
	return key.startsWith(`${accountId}/`);
}
