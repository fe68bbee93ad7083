/**
 * Reads a JWT's payload for display only. Nothing here validates a signature: Microsoft Graph
 * access tokens are not meant to be validated by clients, and the views only need to show what
 * a token claims. The raw token and its signature never leave this module.
 */

/** The claims the views show, in the order they show them. */
export const displayedClaimNames = [
	'aud',
	'iss',
	'tid',
	'oid',
	'upn',
	'scp',
	'roles',
	'amr',
	'acrs',
	'xms_cc',
	'iat',
	'exp',
] as const;

export type DisplayedClaimName = (typeof displayedClaimNames)[number];

export type DisplayedClaims = Partial<Record<DisplayedClaimName, unknown>>;

/**
 * The payload of a JWS in compact form, or undefined for anything else: opaque tokens (Auth0
 * without an audience, reference tokens), encrypted tokens (five parts) and malformed input.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) {
		return undefined;
	}

	const payload = parts[1]!;
	if (!/^[\w-]+$/.test(payload)) {
		return undefined;
	}

	try {
		const json: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
		return isPlainObject(json) ? json : undefined;
	} catch {
		return undefined;
	}
}

/** Only the displayed claims, so a caller cannot print the whole payload by accident. */
export function pickDisplayedClaims(payload: Record<string, unknown>): DisplayedClaims {
	const picked: DisplayedClaims = {};
	for (const name of displayedClaimNames) {
		if (payload[name] !== undefined) {
			picked[name] = payload[name];
		}
	}

	return picked;
}

/** The displayed claims of a token, or undefined when the token is not a readable JWT. */
export function readDisplayedClaims(token: string): DisplayedClaims | undefined {
	const payload = decodeJwtPayload(token);
	return payload === undefined ? undefined : pickDisplayedClaims(payload);
}

/** Delegated permissions (`scp`, space-separated) as a list. */
export function claimScopes(claims: DisplayedClaims | undefined): string[] {
	const scp = claims?.scp;
	if (typeof scp === 'string') {
		return scp.split(' ').filter(Boolean);
	}

	// Some issuers send scp as an array.
	return Array.isArray(scp) ? scp.filter((value): value is string => typeof value === 'string') : [];
}

/** Application permissions (`roles`) as a list. */
export function claimRoles(claims: DisplayedClaims | undefined): string[] {
	const roles = claims?.roles;
	return Array.isArray(roles) ? roles.filter((value): value is string => typeof value === 'string') : [];
}

/** One line per claim value: times as ISO 8601 (UTC), lists space-separated, objects as JSON. */
export function formatClaimValue(name: DisplayedClaimName, value: unknown): string {
	if ((name === 'iat' || name === 'exp') && typeof value === 'number' && Number.isFinite(value)) {
		return new Date(value * 1000).toISOString().replace('.000Z', 'Z');
	}

	if (Array.isArray(value)) {
		return value.map(item => (typeof item === 'string' ? item : JSON.stringify(item))).join(' ');
	}

	if (typeof value === 'string') {
		return value;
	}

	return JSON.stringify(value) ?? String(value);
}

/** [name, formatted value] pairs in display order, for views and plain-text output alike. */
export function formatDisplayedClaims(claims: DisplayedClaims): Array<[DisplayedClaimName, string]> {
	const rows: Array<[DisplayedClaimName, string]> = [];
	for (const name of displayedClaimNames) {
		if (claims[name] !== undefined) {
			rows.push([name, formatClaimValue(name, claims[name])]);
		}
	}

	return rows;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
