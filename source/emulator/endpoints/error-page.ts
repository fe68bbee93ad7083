import {sendHtml, type Exchange} from '../http.js';
import {html, page} from '../pages/html.js';
import type {EmulatorContext} from '../context.js';

/** The `error_uri` of every error body points here, as Entra's point to its error lookup page. */
export function handleErrorPage(_context: EmulatorContext, exchange: Exchange): void {
	const code = exchange.url.searchParams.get('code') ?? '';
	sendHtml(
		exchange.response,
		200,
		page(
			`Error ${code}`,
			'error',
			html`<h1>AADSTS${code}</h1><p>This is the identity platform emulator. Look up AADSTS${code} in the Microsoft Entra error code reference for its meaning.</p>`,
		),
	);
}
