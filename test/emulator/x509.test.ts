import {createHash, X509Certificate} from 'node:crypto';
import test from 'ava';
import {createSelfSignedCertificate} from '../../source/emulator/x509.js';

test('a serial number whose first byte is zero is still valid DER', t => {
	// The serial is derived from the name and the time; find a time that yields a leading 0x00.
	let now = 1_700_000_000_000;
	while (createHash('sha256').update(`demo${now}`).digest()[0] !== 0) {
		now++;
	}

	const bundle = createSelfSignedCertificate('demo', now);
	const certificate = new X509Certificate(bundle.certificatePem);
	t.false(certificate.serialNumber.startsWith('00'));
	t.true(certificate.checkPrivateKey(bundle.privateKey));
});
