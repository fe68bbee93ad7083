/**
 * http is acceptable only where nobody else can listen in: the loopback interface.
 * Anything else must be https (RFC 8252 §8.3, docs/protocol.md). Only literal loopback
 * addresses and `localhost` itself count: `*.localhost` names go through the resolver (DNS,
 * /etc/hosts, a proxy) and may lead anywhere.
 */
import {isIP} from 'node:net';
import {MsidError} from '../model/errors.js';

export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost') {
		return true;
	}

	if (isIP(host) === 4) {
		return host.startsWith('127.');
	}

	return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

/** Parses an issuer or authority URL and refuses anything but https or loopback http. */
export function parseSecureUrl(value: string, what: string): URL {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new MsidError('invalid-url', `The ${what} "${value}" is not a URL: give an absolute https:// URL.`, {exitCode: 2});
	}

	if (url.protocol === 'https:') {
		return url;
	}

	if (url.protocol === 'http:') {
		if (isLoopbackHost(url.hostname)) {
			return url;
		}

		throw new MsidError(
			'insecure-url',
			`Refusing the http ${what} ${url.origin}: use https (http is allowed only on loopback addresses such as 127.0.0.1).`,
			{exitCode: 2},
		);
	}

	throw new MsidError('invalid-url', `The ${what} "${value}" must use https.`, {exitCode: 2});
}
