import {createSelfSignedCertificate} from './x509.js';
import type {KeyObject} from 'node:crypto';

/** The key the emulator signs ID and access tokens with, published at the jwks_uri. */
export interface SigningKey {
	kid: string;
	privateKey: KeyObject;
	publicKey: KeyObject;
	jwk: Record<string, unknown>;
}

let shared: SigningKey | undefined;

/**
 * One key per process: RSA key generation is most of an emulator's start-up, and tests start
 * many emulators. Each emulator still publishes and verifies against its own JWKS.
 */
export function signingKey(): SigningKey {
	shared ??= createSigningKey();
	return shared;
}

function createSigningKey(): SigningKey {
	const certificate = createSelfSignedCertificate('msid emulator token signing');
	// Entra's kid is the certificate's x5t, and each key carries its certificate chain.
	const kid = certificate.x5t;
	return {
		kid,
		privateKey: certificate.privateKey,
		publicKey: certificate.publicKey,
		jwk: {
			...certificate.publicKey.export({format: 'jwk'}),
			use: 'sig',
			kid,
			x5t: certificate.x5t,
			x5c: [certificate.derBase64],
		},
	};
}
