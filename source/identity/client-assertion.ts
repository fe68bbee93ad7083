/**
 * RFC 7523 client assertions signed with a certificate's private key, with the header pairs
 * Microsoft's own libraries send: PS256 with the SHA-256 thumbprint (`x5t#S256`, the default),
 * or RS256 with the SHA-1 one (`x5t`); never RS256 with `x5t#S256`. `aud` the token endpoint,
 * `iss` = `sub` = the client id, a fresh
 * `jti`, and a short life on the injected clock. oauth4webapi's PrivateKeyJwt puts the issuer
 * in `aud` and reads the system clock, so the assertion is built here with node:crypto.
 */
import {constants, randomUUID, sign} from 'node:crypto';
import type * as oauth from 'oauth4webapi';
import type {Clock} from '../model/clock.js';
import type {ClientCertificate} from './certificate.js';

export type AssertionAlgorithm = 'RS256' | 'PS256';

export const jwtBearerAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientAssertionInput {
	clientId: string;
	/** The token endpoint the assertion is presented to. */
	audience: string;
	certificate: ClientCertificate;
	/** Epoch ms. */
	now: number;
	algorithm?: AssertionAlgorithm;
	lifetimeSeconds?: number;
}

const defaultLifetimeSeconds = 5 * 60;

export function createClientAssertion(input: ClientAssertionInput): string {
	const algorithm = input.algorithm ?? 'PS256';
	const now = Math.floor(input.now / 1000);
	const header = algorithm === 'PS256'
		? {alg: algorithm, typ: 'JWT', 'x5t#S256': input.certificate.x5tS256}
		: {alg: algorithm, typ: 'JWT', x5t: input.certificate.x5t};
	const claims = {
		aud: input.audience,
		iss: input.clientId,
		sub: input.clientId,
		jti: randomUUID(),
		nbf: now,
		iat: now,
		exp: now + (input.lifetimeSeconds ?? defaultLifetimeSeconds),
	};
	const signingInput = `${base64url(header)}.${base64url(claims)}`;
	const key = input.certificate.privateKey;
	const signature = algorithm === 'PS256'
		? sign('sha256', Buffer.from(signingInput), {key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST})
		: sign('sha256', Buffer.from(signingInput), key);
	return `${signingInput}.${signature.toString('base64url')}`;
}

/** Client authentication for oauth4webapi requests: a new assertion for every request. */
export function certificateClientAuth(certificate: ClientCertificate, clock: Clock, algorithm: AssertionAlgorithm = 'PS256'): oauth.ClientAuth {
	return (as, client, body) => {
		body.set('client_id', client.client_id);
		body.set('client_assertion_type', jwtBearerAssertionType);
		body.set('client_assertion', createClientAssertion({clientId: client.client_id, audience: as.token_endpoint!, certificate, now: clock.now(), algorithm}));
	};
}

function base64url(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}
