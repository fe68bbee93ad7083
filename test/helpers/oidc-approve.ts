// A user at a browser, reduced to what sign-in needs: a cookie jar, manual redirects and
// HTML forms submitted with their hidden fields (the device page's xsrf token included).
// Everything goes over real HTTP to the provider's own pages.

export type Decision = 'approve' | 'decline';

export interface DeviceApproval {
	verificationUri: string;
	userCode: string;
	accountId?: string;
	decision?: Decision;
}

export interface BrowserSignIn {
	/** The authorization URL msid would open in the system browser. */
	url: string;
	accountId?: string;
	decision?: Decision;
	/** Also load the final redirect, as a browser would, so msid's loopback listener receives it. Default true. */
	deliver?: boolean;
}

export interface BrowserSignInResult {
	/** The client's redirect URI with the response parameters (code, state, iss or error). */
	redirectUrl: string;
	params: URLSearchParams;
	/** Status of msid's loopback listener when `deliver` was on. */
	deliveredStatus?: number;
}

export const defaultAccountId = 'alice';
const maximumSteps = 20;

/** Enters the user code on the verification page, signs in and consents (or declines). */
export async function approveDevice(input: DeviceApproval): Promise<void> {
	const browser = new Browser();
	const accountId = input.accountId ?? defaultAccountId;
	const decision = input.decision ?? 'approve';
	let page = await browser.open(new URL(input.verificationUri));
	let codeEntered = false;
	for (let step = 0; step < maximumSteps; step++) {
		if (page.kind === 'redirect') {
			throw new Error(`device sign-in left the provider for ${page.location.origin}`);
		}

		const forms = parseForms(page.html);
		const form = forms.find(f => f.id !== undefined && f.id !== 'decline') ?? forms[0];
		if (!form) {
			if (decision === 'approve' && titleOf(page.html) !== 'Sign-in Success') {
				throw new Error(`device sign-in ended on "${pageSummary(page.html)}"`);
			}

			return;
		}

		switch (form.id) {
			case 'op.deviceInputForm': {
				if (codeEntered) {
					if (decision === 'decline' && page.html.includes('data-error="AbortedError"')) {
						return;
					}

					throw new Error(`the device page did not accept the code: ${pageSummary(page.html)}`);
				}

				codeEntered = true;
				form.fields.set('user_code', input.userCode);
				break;
			}

			case 'op.deviceConfirmForm': {
				if (decision === 'decline') {
					// The page's "Abort" button submits the same form with abort=yes.
					const abort = form.buttons.find(b => b.name === 'abort');
					if (!abort) {
						throw new Error('the device confirmation page has no abort button');
					}

					form.fields.set(abort.name, abort.value);
				}

				break;
			}

			case 'login': {
				form.fields.set('login', accountId);
				form.fields.set('password', 'any');
				break;
			}

			case 'consent': {
				if (decision === 'decline') {
					page = await browser.submit(page.url, forms.find(f => f.id === 'decline') ?? form);
					continue;
				}

				break;
			}

			default: // An auto-submitting page (form_post), as a browser with JavaScript would.
		}

		page = await browser.submit(page.url, form);
	}

	throw new Error('device sign-in did not finish');
}

/**
 * Follows an authorization URL like the system browser would: signs in, consents (or
 * declines) and stops at the redirect to the client's redirect URI.
 */
export async function signInWithBrowser(input: BrowserSignIn): Promise<BrowserSignInResult> {
	const browser = new Browser();
	const accountId = input.accountId ?? defaultAccountId;
	const start = new URL(input.url);
	let page = await browser.open(start);
	for (let step = 0; step < maximumSteps; step++) {
		if (page.kind === 'redirect') {
			const redirectUrl = page.location.href;
			const result: BrowserSignInResult = {redirectUrl, params: page.location.searchParams};
			if (input.deliver ?? true) {
				const response = await fetch(redirectUrl, {redirect: 'manual'});
				await response.arrayBuffer();
				result.deliveredStatus = response.status;
			}

			return result;
		}

		const forms = parseForms(page.html);
		let form = forms.find(f => f.id !== undefined && f.id !== 'decline') ?? forms[0];
		if (!form) {
			throw new Error(`browser sign-in ended on "${pageSummary(page.html)}"`);
		}

		if (form.id === 'login') {
			form.fields.set('login', accountId);
			form.fields.set('password', 'any');
		} else if (form.id === 'consent' && input.decision === 'decline') {
			form = forms.find(f => f.id === 'decline') ?? form;
		}

		page = await browser.submit(page.url, form);
	}

	throw new Error('browser sign-in did not finish');
}

type Page =
	| {kind: 'page'; url: URL; status: number; html: string}
	| {kind: 'redirect'; location: URL};

/** Fetch with a cookie jar that follows redirects only within the starting origin. */
class Browser {
	readonly #jar = new CookieJar();
	#origin: string | undefined;

	async open(url: URL): Promise<Page> {
		this.#origin ??= url.origin;
		return this.#follow(url, {method: 'GET'});
	}

	async submit(base: URL, form: Form): Promise<Page> {
		const action = new URL(form.action || base.href, base);
		const body = new URLSearchParams([...form.fields]);
		if (form.method === 'get') {
			action.search = body.toString();
			return this.#follow(action, {method: 'GET'});
		}

		return this.#follow(action, {
			method: 'POST',
			headers: {'content-type': 'application/x-www-form-urlencoded'},
			body: body.toString(),
		});
	}

	async #follow(url: URL, init: {method: string; headers?: Record<string, string>; body?: string}): Promise<Page> {
		let current = url;
		let request = init;
		for (let hop = 0; hop < maximumSteps; hop++) {
			if (current.origin !== this.#origin) {
				return {kind: 'redirect', location: current};
			}

			const headers = new Headers(request.headers);
			headers.set('accept', 'text/html');
			const cookie = this.#jar.header(current);
			if (cookie) {
				headers.set('cookie', cookie);
			}

			const response = await fetch(current, {...request, headers, redirect: 'manual'});
			this.#jar.store(current, response.headers.getSetCookie());
			const location = response.headers.get('location');
			if (response.status >= 300 && response.status < 400 && location) {
				await response.arrayBuffer();
				current = new URL(location, current);
				// 307/308 repeat the request; the others turn into a GET, as browsers do.
				request = response.status === 307 || response.status === 308 ? request : {method: 'GET'};
				continue;
			}

			return {kind: 'page', url: current, status: response.status, html: await response.text()};
		}

		throw new Error('too many redirects');
	}
}

interface Cookie {
	name: string;
	value: string;
	path: string;
}

/** Just enough of RFC 6265 for one host: names, values, paths and deletion. */
class CookieJar {
	readonly #cookies = new Map<string, Cookie>();

	store(url: URL, setCookieHeaders: string[]): void {
		for (const header of setCookieHeaders) {
			const [pair = '', ...attributes] = header.split(';');
			const separator = pair.indexOf('=');
			if (separator <= 0) {
				continue;
			}

			const cookie: Cookie = {
				name: pair.slice(0, separator).trim(),
				value: pair.slice(separator + 1).trim(),
				path: url.pathname.slice(0, url.pathname.lastIndexOf('/')) || '/',
			};
			let expired = false;
			for (const attribute of attributes) {
				const [rawKey = '', ...rest] = attribute.split('=');
				const key = rawKey.trim().toLowerCase();
				const value = rest.join('=').trim();
				if (key === 'path' && value.startsWith('/')) {
					cookie.path = value;
				} else if (key === 'max-age' && Number(value) <= 0) {
					expired = true;
				} else if (key === 'expires' && Date.parse(value) <= Date.now()) {
					expired = true;
				}
			}

			const key = `${cookie.name};${cookie.path}`;
			if (expired) {
				this.#cookies.delete(key);
			} else {
				this.#cookies.set(key, cookie);
			}
		}
	}

	header(url: URL): string {
		return [...this.#cookies.values()]
			.filter(cookie => pathMatches(url.pathname, cookie.path))
			.sort((a, b) => b.path.length - a.path.length)
			.map(cookie => `${cookie.name}=${cookie.value}`)
			.join('; ');
	}
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
	return requestPath === cookiePath
		|| (requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'));
}

interface Form {
	id: string | undefined;
	action: string;
	method: string;
	/** Successful controls: inputs with a name, in document order. */
	fields: Map<string, string>;
	/** Named submit buttons that belong to the form (inside it or via form="id"). */
	buttons: Array<{name: string; value: string}>;
}

function parseForms(html: string): Form[] {
	const forms: Form[] = [];
	for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
		const attributes = parseAttributes(match[1] ?? '');
		const form: Form = {
			id: attributes.get('id'),
			action: attributes.get('action') ?? '',
			method: (attributes.get('method') ?? 'get').toLowerCase(),
			fields: new Map(),
			buttons: [],
		};
		for (const input of (match[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
			const inputAttributes = parseAttributes(input[1] ?? '');
			const name = inputAttributes.get('name');
			if (name !== undefined) {
				form.fields.set(name, inputAttributes.get('value') ?? '');
			}
		}

		forms.push(form);
	}

	for (const match of html.matchAll(/<button\b([^>]*)>/gi)) {
		const attributes = parseAttributes(match[1] ?? '');
		const name = attributes.get('name');
		const owner = forms.find(form => form.id !== undefined && form.id === attributes.get('form'));
		if (name !== undefined && owner) {
			owner.buttons.push({name, value: attributes.get('value') ?? ''});
		}
	}

	return forms;
}

function parseAttributes(source: string): Map<string, string> {
	const attributes = new Map<string, string>();
	for (const match of source.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
		const name = match[1];
		if (name) {
			attributes.set(name.toLowerCase(), decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
		}
	}

	return attributes;
}

function decodeEntities(value: string): string {
	return value
		.replaceAll(/&#x([\da-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
		.replaceAll(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number.parseInt(decimal, 10)))
		.replaceAll('&quot;', '"')
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>')
		.replaceAll('&amp;', '&');
}

function titleOf(html: string): string {
	return /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() ?? '';
}

/** The page's title and any error paragraph; pages never carry tokens. */
function pageSummary(html: string): string {
	const error = /<p class="error"[^>]*>([^<]*)<\/p>/i.exec(html)?.[1]?.trim();
	return [titleOf(html), error].filter(Boolean).join(': ');
}
