/**
 * How a client proves itself at the token endpoint: nothing (public clients), a secret
 * (form or HTTP Basic), or a certificate-signed JWT client assertion (RFC 7523).
 */
import {createHash, timingSafeEqual, X509Certificate} from 'node:crypto';
import {AadstsError} from './aadsts-error.js';
import {decodeJwt, verifyJwtSignature} from './jwt.js';
import type {IncomingMessage} from 'node:http';
import type {Client} from './directory.js';
import type {ClientAuthentication} from './tokens.js';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface PresentedCredentials {
	clientId?: string;
	secret?: string;
	assertion?: string;
	assertionType?: string;
}

/** Reads the client id and credential from the form or an HTTP Basic header. */
export function presentedCredentials(request: IncomingMessage, form: URLSearchParams): PresentedCredentials {
	const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
	const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(part => decodeURIComponent(part)) : [];
	return {
		clientId: form.get('client_id') ?? basicId,
		secret: form.get('client_secret') ?? basicSecret,
		assertion: form.get('client_assertion') ?? undefined,
		assertionType: form.get('client_assertion_type') ?? undefined,
	};
}

export interface AssertionContext {
	tokenEndpoint: string;
	now: number;
}

export function authenticateClient(client: Client, credentials: PresentedCredentials, context: AssertionContext): ClientAuthentication {
	if (credentials.secret === undefined && credentials.assertion === undefined) {
		return 'none';
	}

	if (client.kind === 'public') {
		throw new AadstsError('invalid_client', 700_025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.", 401);
	}

	if (credentials.assertion !== undefined) {
		verifyClientAssertion(client, credentials, context);
		return 'certificate';
	}

	if (!client.secrets.some(secret => sameText(secret, credentials.secret ?? ''))) {
		throw new AadstsError(
			'invalid_client',
			7_000_215,
			`Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
			401,
		);
	}

	return 'secret';
}

/** The AADSTS7000218 a client gets when it needs a credential and sent none. */
export function credentialRequired(): AadstsError {
	return new AadstsError('invalid_client', 7_000_218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", 401);
}

function verifyClientAssertion(client: Client, credentials: PresentedCredentials, context: AssertionContext): void {
	if (credentials.assertionType !== JWT_BEARER_ASSERTION_TYPE) {
		throw new AadstsError('invalid_request', 700_023, `The client_assertion_type must be '${JWT_BEARER_ASSERTION_TYPE}'.`);
	}

	const jwt = decodeJwt(credentials.assertion ?? '');
	if (!jwt) {
		throw new AadstsError('invalid_request', 50_027, 'JWT token is invalid or malformed.');
	}

	const {header, payload} = jwt;
	requireLibraryHeader(header);
	const thumbprint = typeof header['x5t#S256'] === 'string' ? {value: header['x5t#S256'], hash: 'sha256'} : typeof header['x5t'] === 'string' ? {value: header['x5t'], hash: 'sha1'} : undefined;
	if (!thumbprint) {
		throw assertionFailure("The client assertion's header carries neither 'x5t#S256' nor 'x5t'.");
	}

	const certificate = client.certificates
		.map(registered => new X509Certificate(registered.certificatePem))
		.find(candidate => createHash(thumbprint.hash).update(candidate.raw).digest('base64url') === thumbprint.value);
	if (!certificate) {
		throw assertionFailure(`The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint.value}']`);
	}

	if (!verifyJwtSignature(jwt, certificate.publicKey)) {
		throw assertionFailure('Client assertion contains an invalid signature.');
	}

	if (payload['aud'] !== context.tokenEndpoint) {
		throw assertionFailure(`The audience '${String(payload['aud'])}' of the client assertion is not the token endpoint '${context.tokenEndpoint}'.`);
	}

	if (payload['iss'] !== client.clientId || payload['sub'] !== client.clientId) {
		throw assertionFailure("The client assertion's 'iss' and 'sub' claims must both be the client id.");
	}

	if (typeof payload['jti'] !== 'string' || payload['jti'] === '') {
		throw assertionFailure("The client assertion must contain a 'jti' claim.");
	}

	const now = context.now / 1000;
	const expiry = payload['exp'];
	const notBefore = payload['nbf'];
	if (typeof expiry !== 'number' || expiry <= now || (typeof notBefore === 'number' && notBefore > now + 300)) {
		throw new AadstsError('invalid_client', 700_024, 'Client assertion is not within its valid time range.', 401);
	}
}

function assertionFailure(detail: string): AadstsError {
	return new AadstsError('invalid_client', 700_027, `Client assertion failed signature validation. ${detail}`, 401);
}

function sameText(expected: string, actual: string): boolean {
	const a = Buffer.from(expected);
	const b = Buffer.from(actual);
	return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The pairs Microsoft's own libraries send (MSAL: a SHA-256 thumbprint goes with PS256, a SHA-1
 * one with RS256): PS256 with `x5t#S256`, or RS256 with `x5t` alone. Any other pair is refused;
 * the code and wording are the emulator's own (no recorded answer for this case).
 */
function requireLibraryHeader(header: Record<string, unknown>): void {
	const alg = header['alg'];
	const sha256 = typeof header['x5t#S256'] === 'string';
	const sha1 = typeof header['x5t'] === 'string';
	if ((alg === 'PS256' && sha256) || (alg === 'RS256' && sha1 && !sha256)) {
		return;
	}

	throw assertionFailure(`The client assertion's header pairs alg '${String(alg)}' with ${sha256 ? "'x5t#S256'" : sha1 ? "'x5t'" : 'no thumbprint'}: use PS256 with 'x5t#S256', or RS256 with 'x5t'.`);
}
