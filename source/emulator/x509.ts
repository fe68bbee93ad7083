/**
 * Self-signed X.509 certificates, written as DER by hand: node:crypto can parse certificates
 * (X509Certificate) but not create them, and spawning openssl at every start would make the
 * emulator depend on a system binary and cost a process per test.
 */
import {createHash, generateKeyPairSync, sign, X509Certificate, type KeyObject} from 'node:crypto';

export interface CertificateBundle {
	certificatePem: string;
	privateKeyPem: string;
	publicKey: KeyObject;
	privateKey: KeyObject;
	/** base64url SHA-1 of the DER certificate: the `x5t` header of a client assertion. */
	x5t: string;
	/** base64url SHA-256 of the DER certificate: the `x5t#S256` header. */
	x5tS256: string;
	/** The DER certificate in standard base64: an `x5c` entry of a JWK. */
	derBase64: string;
}

export function createSelfSignedCertificate(commonName: string, now = Date.now()): CertificateBundle {
	const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
	const sha256WithRsa = sequence(objectIdentifier('1.2.840.113549.1.1.11'), DER_NULL);
	const name = sequence(set(sequence(objectIdentifier('2.5.4.3'), utf8String(commonName))));
	const day = 24 * 60 * 60 * 1000;
	const tbsCertificate = sequence(
		explicit(0, integer(Buffer.from([2]))),
		integer(Buffer.from(createHash('sha256').update(commonName + String(now)).digest().subarray(0, 16))),
		sha256WithRsa,
		name,
		sequence(utcTime(new Date(now - day)), utcTime(new Date(now + 365 * day))),
		name,
		publicKey.export({type: 'spki', format: 'der'}),
	);
	const signature = sign('sha256', tbsCertificate, privateKey);
	const der = sequence(tbsCertificate, sha256WithRsa, bitString(signature));
	const derBase64 = der.toString('base64');
	const certificatePem = `-----BEGIN CERTIFICATE-----\n${derBase64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
	// Parsing it back proves the encoding is valid before anyone relies on it.
	new X509Certificate(certificatePem);
	return {
		certificatePem,
		privateKeyPem: privateKey.export({type: 'pkcs8', format: 'pem'}).toString(),
		publicKey,
		privateKey,
		x5t: createHash('sha1').update(der).digest('base64url'),
		x5tS256: createHash('sha256').update(der).digest('base64url'),
		derBase64,
	};
}

const DER_NULL = Buffer.from([0x05, 0x00]);

function element(tag: number, content: Buffer): Buffer {
	const length = content.length;
	if (length < 0x80) {
		return Buffer.concat([Buffer.from([tag, length]), content]);
	}

	const lengthBytes: number[] = [];
	for (let rest = length; rest > 0; rest >>= 8) {
		lengthBytes.unshift(rest & 0xff);
	}

	return Buffer.concat([Buffer.from([tag, 0x80 | lengthBytes.length, ...lengthBytes]), content]);
}

function sequence(...parts: Buffer[]): Buffer {
	return element(0x30, Buffer.concat(parts));
}

function set(...parts: Buffer[]): Buffer {
	return element(0x31, Buffer.concat(parts));
}

function explicit(tagNumber: number, content: Buffer): Buffer {
	return element(0xa0 + tagNumber, content);
}

function integer(unsigned: Buffer): Buffer {
	// DER wants the shortest form: no leading zero bytes, except one that keeps a value with
	// the high bit set positive. A random serial starts with 0x00 one time in 256.
	let start = 0;
	while (start < unsigned.length - 1 && unsigned[start] === 0) {
		start++;
	}

	const minimal = unsigned.subarray(start);
	return element(0x02, (minimal[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

function bitString(bytes: Buffer): Buffer {
	return element(0x03, Buffer.concat([Buffer.from([0]), bytes]));
}

function utf8String(text: string): Buffer {
	return element(0x0c, Buffer.from(text, 'utf8'));
}

function utcTime(date: Date): Buffer {
	const digits = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
	return element(0x17, Buffer.from(`${digits}Z`, 'ascii'));
}

function objectIdentifier(dotted: string): Buffer {
	const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
	const bytes = [first * 40 + second];
	for (const arc of rest) {
		const chunk = [arc & 0x7f];
		for (let value = arc >> 7; value > 0; value >>= 7) {
			chunk.unshift(0x80 | (value & 0x7f));
		}

		bytes.push(...chunk);
	}

	return element(0x06, Buffer.from(bytes));
}
