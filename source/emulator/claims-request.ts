import {AadstsError} from './aadsts-error.js';

/**
 * The parts of an OIDC `claims` request parameter the identity platform acts on:
 * client capabilities (`xms_cc`, e.g. `cp1` for continuous access evaluation) and
 * conditional access authentication contexts (`acrs`, e.g. `c1`).
 */
export interface ClaimsRequest {
	xmsCc: string[];
	acrs: string[];
}

export function parseClaimsRequest(raw: string | null | undefined): ClaimsRequest {
	if (!raw) {
		return {xmsCc: [], acrs: []};
	}

	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		throw new AadstsError('invalid_request', 90_100, "The 'claims' parameter is not valid JSON.");
	}

	const accessToken = member(parsed, 'access_token');
	return {xmsCc: values(member(accessToken, 'xms_cc')), acrs: values(member(accessToken, 'acrs'))};
}

function member(value: unknown, key: string): unknown {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** `{"value": "c1"}` or `{"values": ["c1", "c2"]}`. */
function values(request: unknown): string[] {
	const single = member(request, 'value');
	const many = member(request, 'values');
	return [...(typeof single === 'string' ? [single] : []), ...(Array.isArray(many) ? many.filter(item => typeof item === 'string') : [])];
}

/** A refresh or password grant cannot satisfy a new authentication context: that takes the user. */
export function requireNoStepUp(claims: ClaimsRequest, satisfiedAcrs: string[], rawClaims: string | null): void {
	const unmet = claims.acrs.filter(value => !satisfiedAcrs.includes(value));
	if (unmet.length > 0) {
		throw new AadstsError(
			'interaction_required',
			50_076,
			`Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access this resource (authentication context ${unmet.join(', ')}).`,
			400,
			{suberror: 'basic_action', claims: rawClaims},
		);
	}
}
