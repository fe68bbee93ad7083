/**
 * Conditional access claims challenges: a resource answers 401 with
 * `WWW-Authenticate: Bearer ..., error="insufficient_claims", claims="<base64 JSON>"`, and the
 * only way forward is a new sign-in that sends those claims. msid also declares the `cp1`
 * client capability (continuous access evaluation), merged into the same claims request.
 */
import {MsidError} from '../model/errors.js';

export interface AuthChallenge {
	/** As sent; compare case-insensitively. */
	scheme: string;
	/** Parameter names lower-cased (they are case-insensitive), values unquoted. */
	parameters: Record<string, string>;
	token68?: string;
}

export interface ClaimsChallenge {
	/** The decoded claims request (JSON text), ready for the `claims` parameter. */
	claims: string;
	error: string;
	authorizationUri?: string;
}

/** The client capability declaration for continuous access evaluation. */
export const cp1Claims = '{"access_token":{"xms_cc":{"values":["cp1"]}}}';

/** The claims challenge among the header's challenges, or undefined when there is none. */
export function parseClaimsChallenge(header: string | null | undefined): ClaimsChallenge | undefined {
	if (!header) {
		return undefined;
	}

	const challenge = parseWwwAuthenticate(header).find(candidate => isClaimsChallenge(candidate));
	if (!challenge) {
		return undefined;
	}

	// A challenge msid cannot read must still stop the caller, never pass as "no challenge".
	const encoded = challenge.parameters['claims'];
	if (!encoded) {
		throw new MsidError('bad-claims-challenge', 'The resource demands more claims (insufficient_claims) but its challenge names none.', {remedy: {kind: 'sign-in'}});
	}

	const claims = decodeClaims(encoded);
	const authorizationUri = challenge.parameters['authorization_uri'];
	return {claims, error: challenge.parameters['error']!, ...(authorizationUri ? {authorizationUri} : {})};
}

/**
 * The two shapes real APIs send: Microsoft Graph's `error="insufficient_claims", claims="..."`
 * and Azure Resource Manager's `error="invalid_token", error_description="...", claims="..."`
 * (a revoked session). An invalid_token without claims is an ordinary refusal.
 */
function isClaimsChallenge(challenge: AuthChallenge): boolean {
	if (challenge.scheme.toLowerCase() !== 'bearer') {
		return false;
	}

	const {error, claims} = challenge.parameters;
	return error === 'insufficient_claims' || (error === 'invalid_token' && Boolean(claims));
}

function decodeClaims(encoded: string): string {
	const text = encoded.trimStart().startsWith('{') ? encoded : Buffer.from(encoded, 'base64').toString('utf8');
	try {
		const parsed: unknown = JSON.parse(text);
		if (isObject(parsed)) {
			return text;
		}
	} catch {}

	throw new MsidError('bad-claims-challenge', 'The resource demands more claims (insufficient_claims) but its claims are not base64 JSON.', {remedy: {kind: 'sign-in'}});
}

/**
 * Merges two claims requests (JSON text; either may be absent): members merge recursively, so
 * a challenge's `access_token.acrs` and the `access_token.xms_cc` capability sit side by side;
 * lists are united; for anything else the second wins.
 */
export function mergeClaims(first: string | undefined, second: string | undefined): string | undefined {
	if (!first || !second) {
		return first || second || undefined;
	}

	return JSON.stringify(deepMerge(parseClaimsObject(first), parseClaimsObject(second)));
}

function parseClaimsObject(text: string): Record<string, unknown> {
	try {
		const parsed: unknown = JSON.parse(text);
		if (isObject(parsed)) {
			return parsed;
		}
	} catch {}

	throw new MsidError('bad-claims', 'A claims request is not a JSON object such as {"access_token":{"acrs":{"essential":true,"value":"c1"}}}.', {exitCode: 2, remedy: {kind: 'give-setting', setting: 'claims'}});
}

function deepMerge(first: Record<string, unknown>, second: Record<string, unknown>): Record<string, unknown> {
	const merged: Record<string, unknown> = {...first};
	for (const [key, value] of Object.entries(second)) {
		const existing = merged[key];
		if (isObject(existing) && isObject(value)) {
			merged[key] = deepMerge(existing, value);
		} else if (Array.isArray(existing) && Array.isArray(value)) {
			merged[key] = [...new Set([...existing, ...value] as unknown[])];
		} else {
			merged[key] = value;
		}
	}

	return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * RFC 9110 §11.6.1: `challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`, several per
 * header separated by commas, parameter values tokens or quoted strings with backslash escapes.
 * A token not followed by "=" starts the next challenge.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
	const challenges: AuthChallenge[] = [];
	const reader = new Reader(header);
	for (;;) {
		reader.skip(/[\s,]/);
		const scheme = reader.token();
		if (!scheme) {
			break;
		}

		const challenge: AuthChallenge = {scheme, parameters: {}};
		challenges.push(challenge);
		readParameters(reader, challenge);
	}

	return challenges;
}

function readParameters(reader: Reader, challenge: AuthChallenge): void {
	let first = true;
	for (;;) {
		const start = reader.position;
		reader.skip(/[\s,]/);
		const token68 = first ? reader.match(/^[\w\-.~+/]+=*(?=\s*(?:,|$))/) : undefined;
		if (token68 && !/^[\w\-.~+/]+\s*=\s*[^=\s,]/.test(reader.rest())) {
			challenge.token68 = token68;
			reader.advance(token68.length);
			return;
		}

		first = false;
		const name = reader.token();
		reader.skip(/\s/);
		if (!name || !reader.consume('=')) {
			// The next challenge's scheme (or the end): leave it for the caller.
			reader.position = start;
			return;
		}

		reader.skip(/\s/);
		challenge.parameters[name.toLowerCase()] = reader.peek() === '"' ? reader.quoted() : (reader.token() ?? '');
	}
}

class Reader {
	position = 0;

	constructor(private readonly text: string) {}

	peek(): string | undefined {
		return this.text[this.position];
	}

	rest(): string {
		return this.text.slice(this.position);
	}

	advance(count: number): void {
		this.position += count;
	}

	skip(pattern: RegExp): void {
		while (this.position < this.text.length && pattern.test(this.text[this.position]!)) {
			this.position++;
		}
	}

	consume(character: string): boolean {
		if (this.text[this.position] === character) {
			this.position++;
			return true;
		}

		return false;
	}

	match(pattern: RegExp): string | undefined {
		return pattern.exec(this.rest())?.[0];
	}

	/** RFC 9110 tchar run. */
	token(): string | undefined {
		const token = this.match(/^[!#$%&'*+\-.^_`|~\w]+/);
		if (token) {
			this.position += token.length;
		}

		return token;
	}

	quoted(): string {
		this.position++;
		let value = '';
		while (this.position < this.text.length) {
			const character = this.text[this.position++]!;
			if (character === '"') {
				return value;
			}

			value += character === '\\' && this.position < this.text.length ? this.text[this.position++]! : character;
		}

		return value;
	}
}
