/** Reads a JWT's payload in tests (no validation: the servers under test issued it). */
export function jwtClaims(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
