import {constants, sign, verify, type KeyObject} from 'node:crypto';

export type JwtPayload = Record<string, unknown>;

export interface DecodedJwt {
	header: Record<string, unknown>;
	payload: JwtPayload;
	signingInput: string;
	signature: Buffer;
}

export function signJwt(header: Record<string, unknown>, payload: JwtPayload, privateKey: KeyObject): string {
	const signingInput = `${base64urlJson({typ: 'JWT', alg: 'RS256', ...header})}.${base64urlJson(payload)}`;
	return `${signingInput}.${sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

/** Undefined when the text is not a compact JWS with JSON header and payload. */
export function decodeJwt(token: string): DecodedJwt | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) {
		return undefined;
	}

	const [header, payload, signature] = parts as [string, string, string];
	try {
		const decoded = {
			header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown,
			payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown,
		};
		if (!isObject(decoded.header) || !isObject(decoded.payload)) {
			return undefined;
		}

		return {header: decoded.header, payload: decoded.payload, signingInput: `${header}.${payload}`, signature: Buffer.from(signature, 'base64url')};
	} catch {
		return undefined;
	}
}

/** RS256 and PS256 only: what the identity platform accepts for client assertions. */
export function verifyJwtSignature(jwt: DecodedJwt, publicKey: KeyObject): boolean {
	const data = Buffer.from(jwt.signingInput);
	switch (jwt.header['alg']) {
		case 'RS256': {
			return verify('sha256', data, publicKey, jwt.signature);
		}

		case 'PS256': {
			return verify('sha256', data, {key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32}, jwt.signature);
		}

		default: {
			return false;
		}
	}
}

function base64urlJson(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
