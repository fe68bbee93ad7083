/**
 * A client certificate for RFC 7523 client assertions: one PEM holding the private key (plain
 * or encrypted) and the certificate registered on the app. Checked here, before any request,
 * so a wrong file or password is named plainly instead of surfacing as a server refusal.
 * No message ever carries key material or the password.
 */
import {createHash, createPrivateKey, X509Certificate, type KeyObject} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {MsidError} from '../model/errors.js';

export interface ClientCertificate {
	privateKey: KeyObject;
	certificate: X509Certificate;
	/** base64url SHA-256 of the DER certificate: the `x5t#S256` assertion header. */
	x5tS256: string;
	/** base64url SHA-1 of the DER certificate: the `x5t` header older validators look for. */
	x5t: string;
	/** Epoch ms after which the identity platform stops accepting it. */
	expiresAt: number;
}

export interface CertificateSource {
	/** How the user knows the PEM (a path, or "the stored certificate"), for messages. */
	name?: string;
	/** For an encrypted private key. */
	password?: string;
}

const pemBlock = /-----BEGIN ([A-Z\d ]+)-----\r?\n[\s\S]*?-----END \1-----/g;

export async function readClientCertificate(path: string, password?: string): Promise<ClientCertificate> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const code = (error as {code?: string}).code;
		const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : 'it could not be read';
		throw new MsidError('certificate-unreadable', `Cannot read the certificate file ${path}: ${why}.`, {cause: error});
	}

	return parseClientCertificate(text, {name: path, ...(password === undefined ? {} : {password})});
}

export function parseClientCertificate(pem: string, source: CertificateSource = {}): ClientCertificate {
	const name = source.name ?? 'the certificate file';
	const blocks = [...pem.matchAll(pemBlock)].map(match => ({label: match[1]!, text: match[0]}));
	if (blocks.length === 0) {
		throw new MsidError(
			'certificate-invalid',
			`${capitalise(name)} is not PEM: give one PEM file with the private key and the certificate (from a .pfx: openssl pkcs12 -in cert.pfx -out cert.pem -nodes).`,
		);
	}

	const keyBlock = blocks.find(block => block.label.endsWith('PRIVATE KEY'));
	if (!keyBlock) {
		throw new MsidError('certificate-invalid', `${capitalise(name)} holds no private key: put the PEM private key and the certificate in one file.`);
	}

	const privateKey = loadPrivateKey(keyBlock.text, name, source.password);
	if (privateKey.asymmetricKeyType !== 'rsa') {
		throw new MsidError('certificate-invalid', `The private key in ${name} is ${privateKey.asymmetricKeyType ?? 'not'} an RSA key: client assertions here are signed with RSA (RS256 or PS256).`);
	}

	const certificates = blocks.filter(block => block.label === 'CERTIFICATE').map(block => parseCertificate(block.text, name));
	if (certificates.length === 0) {
		throw new MsidError('certificate-invalid', `${capitalise(name)} holds no certificate: put the certificate (the one uploaded to the app) after the private key.`);
	}

	// A chain may follow the leaf; the leaf is the certificate of this key.
	const certificate = certificates.find(candidate => candidate.checkPrivateKey(privateKey));
	if (!certificate) {
		throw new MsidError('certificate-mismatch', `The certificate in ${name} does not belong to its private key: put the matching key and certificate together.`);
	}

	return {privateKey, certificate, ...certificateThumbprints(certificate), expiresAt: Date.parse(certificate.validTo)};
}

/**
 * The form kept in the SecretStore for silent re-acquisition: the key unencrypted (the keychain
 * is its protection, and no password has to be stored beside it) followed by the certificate.
 */
export function certificatePemForStorage(certificate: ClientCertificate): string {
	return `${certificate.privateKey.export({type: 'pkcs8', format: 'pem'}) as string}${certificate.certificate.toString()}`;
}

export function certificateThumbprints(certificate: X509Certificate): {x5tS256: string; x5t: string} {
	return {
		x5tS256: createHash('sha256').update(certificate.raw).digest('base64url'),
		x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
	};
}

function loadPrivateKey(pem: string, name: string, password: string | undefined): KeyObject {
	// PKCS#8 says so in its label, PKCS#1 in a Proc-Type header; OpenSSL's own error for a
	// missing passphrase ("interrupted or cancelled") would not tell the user anything.
	const encrypted = pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /^Proc-Type:\s*4,ENCRYPTED/m.test(pem);
	if (encrypted && !password) {
		throw new MsidError('certificate-password-required', `The private key in ${name} is encrypted: give its password (AZURE_CLIENT_CERTIFICATE_PASSWORD).`);
	}

	try {
		return createPrivateKey({key: pem, format: 'pem', ...(password === undefined ? {} : {passphrase: password})});
	} catch (error) {
		// Node's messages name the failure, never the key; still, only our own words are shown.
		if (encrypted) {
			throw new MsidError('certificate-password-wrong', `Could not decrypt the private key in ${name}: check the certificate password.`, {cause: error});
		}

		throw new MsidError('certificate-invalid', `The private key in ${name} could not be read: it must be a PEM RSA private key (PKCS#8 or PKCS#1).`, {cause: error});
	}
}

function parseCertificate(pem: string, name: string): X509Certificate {
	try {
		return new X509Certificate(pem);
	} catch (error) {
		throw new MsidError('certificate-invalid', `A certificate in ${name} could not be parsed: it must be a PEM X.509 certificate.`, {cause: error});
	}
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
