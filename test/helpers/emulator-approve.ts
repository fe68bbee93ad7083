/**
 * Drives the emulator's sign-in pages over HTTP the way a browser does: GET the page, read
 * the form's action and fields, POST it form-encoded, follow along until a result page.
 * Throws with the page's text when the page reports a problem.
 */
import {ALICE, BOB, CAROL, DANA} from '../../source/emulator/directory.js';

export interface ApproveDeviceCodeOptions {
	/** The device code response's `verification_uri` (or `verification_uri_complete`). */
	verificationUri: string;
	userCode: string;
	/** Default: the account the page selects first. */
	username?: string;
	/** Default: the demo directory's password for `username`. */
	password?: string;
	decision?: 'approve' | 'decline';
}

export async function approveDeviceCode(options: ApproveDeviceCodeOptions): Promise<void> {
	const decision = options.decision ?? 'approve';
	let current = await browse(options.verificationUri);
	for (let step = 0; step < 5; step++) {
		const outcome = pageOutcome(current.html);
		if (outcome === 'approved' || outcome === 'declined') {
			if (outcome !== (decision === 'approve' ? 'approved' : 'declined')) {
				throw new Error(`Expected the sign-in to be ${decision}d, but the page says: ${pageText(current.html)}`);
			}

			return;
		}

		const form = parseForm(current.html, current.url);
		if (outcome === 'error' || current.status >= 400 || /class="error"/.test(current.html) || !form) {
			throw new Error(`The verification page reports a problem (HTTP ${current.status}): ${pageText(current.html)}`);
		}

		if (form.fieldNames.has('otc') && !form.fieldNames.has('password')) {
			form.values.set('otc', options.userCode);
		}

		if (form.fieldNames.has('password')) {
			fillSignIn(form, options.username, options.password, decision);
		}

		current = await browse(form.action, form.values);
	}

	throw new Error(`The verification page never reached a result: ${pageText(current.html)}`);
}

export interface ParsedForm {
	action: string;
	values: URLSearchParams;
	/** Every field the form has, filled or not. */
	fieldNames: Set<string>;
	/** The values offered by each radio group. */
	choices: Map<string, string[]>;
}

/** The first form of a page, with what a browser would submit before anyone types. */
export function parseForm(html: string, pageUrl: string): ParsedForm | undefined {
	const match = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
	if (!match) {
		return undefined;
	}

	const formAttributes = attributes(match[1] ?? '');
	const values = new URLSearchParams();
	const fieldNames = new Set<string>();
	const choices = new Map<string, string[]>();
	for (const input of (match[2] ?? '').matchAll(/<(input|textarea|select)\b([^>]*)>/gi)) {
		const field = attributes(input[2] ?? '');
		const name = field.get('name');
		if (!name) {
			continue;
		}

		fieldNames.add(name);
		const type = (field.get('type') ?? 'text').toLowerCase();
		if (type === 'radio' || type === 'checkbox') {
			choices.set(name, [...(choices.get(name) ?? []), field.get('value') ?? 'on']);
			if (field.has('checked')) {
				values.set(name, field.get('value') ?? 'on');
			}
		} else if (type !== 'submit' && type !== 'button') {
			values.set(name, field.get('value') ?? '');
		}
	}

	return {action: new URL(formAttributes.get('action') ?? pageUrl, pageUrl).href, values, fieldNames, choices};
}

export function pageOutcome(html: string): string | undefined {
	return /<main\b[^>]*data-outcome="([^"]*)"/.exec(html)?.[1];
}

export function pageText(html: string): string {
	return unescape(
		html
			.replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, ' ')
			.replace(/<[^>]+>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim(),
	);
}

interface Page {
	url: string;
	status: number;
	html: string;
	location?: string;
}

export async function browse(url: string, form?: URLSearchParams): Promise<Page> {
	const response = await fetch(url, {
		method: form ? 'POST' : 'GET',
		redirect: 'manual',
		...(form ? {body: form, headers: {'content-type': 'application/x-www-form-urlencoded'}} : {}),
	});
	const location = response.headers.get('location');
	return {url, status: response.status, html: await response.text(), ...(location ? {location: new URL(location, url).href} : {})};
}

/** Chooses the account and password and presses Approve or Decline. */
export function fillSignIn(form: ParsedForm, username: string | undefined, password: string | undefined, decision: 'approve' | 'decline'): void {
	const offered = form.choices.get('username');
	const chosen = username ?? form.values.get('username') ?? offered?.[0];
	if (chosen !== undefined) {
		if (offered && !offered.some(value => value.toLowerCase() === chosen.toLowerCase())) {
			throw new Error(`The sign-in page does not offer ${chosen}; it offers ${offered.join(', ')}.`);
		}

		form.values.set('username', chosen);
	}

	form.values.set('password', password ?? demoPassword(chosen) ?? '');
	form.values.set('decision', decision);
}

function demoPassword(username: string | undefined): string | undefined {
	return [ALICE, BOB, CAROL, DANA].find(user => user.username.toLowerCase() === username?.toLowerCase())?.password;
}

function attributes(source: string): Map<string, string> {
	const found = new Map<string, string>();
	for (const match of source.matchAll(/([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
		found.set(match[1]!.toLowerCase(), unescape(match[2] ?? match[3] ?? match[4] ?? ''));
	}

	return found;
}

function unescape(text: string): string {
	return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_entity, name: string) => ({amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'"})[name] ?? '');
}

export interface ApproveAuthorizationOptions {
	/** The full authorize URL the app would open in a browser. */
	authorizeUrl: string;
	/** Default: the `login_hint` the page was given, else alice@contoso.onmicrosoft.com. */
	username?: string;
	/** Default: the demo directory's password for the username. */
	password?: string;
	decision?: 'approve' | 'decline';
	/** Also GET the redirect, as a browser would, so the app's loopback server receives it. */
	follow?: boolean;
}

/** Signs in and consents on the authorize pages; answers the redirect URL (with `code` or `error`, and `state`). */
export async function approveAuthorization(options: ApproveAuthorizationOptions): Promise<URL> {
	const decision = options.decision ?? 'approve';
	let current = await browse(options.authorizeUrl);
	for (let step = 0; step < 5; step++) {
		if (current.location) {
			if (options.follow) {
				await (await fetch(current.location)).arrayBuffer();
			}

			return new URL(current.location);
		}

		const form = parseForm(current.html, current.url);
		if (current.status >= 400 || /class="error"/.test(current.html) || !form) {
			throw new Error(`The sign-in page reports a problem (HTTP ${current.status}): ${pageText(current.html)}`);
		}

		if (form.fieldNames.has('password')) {
			const username = options.username ?? (form.values.get('username') || ALICE.username);
			form.values.set('username', username);
			form.values.set('password', options.password ?? demoPassword(username) ?? '');
		} else {
			form.values.set('decision', decision);
		}

		current = await browse(form.action, form.values);
	}

	throw new Error(`The sign-in pages never redirected back: ${pageText(current.html)}`);
}
