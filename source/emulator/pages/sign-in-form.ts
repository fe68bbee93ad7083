/** The parts of a sign-in + consent form that the device-code and authorize pages share. */
import {html, type SafeHtml} from './html.js';
import {requiresAdminConsent, staticGrant, type ScopeRequest} from '../scopes.js';
import type {Client, User} from '../directory.js';

export interface SignInFormOptions {
	client: Client;
	request: ScopeRequest;
	users: User[];
	selectedUsername?: string;
	passwordHints: boolean;
	error?: string;
}

/** User choice, password, requested permissions, and Approve / Decline buttons (name="decision"). */
export function signInFields(options: SignInFormOptions): SafeHtml {
	const selected = options.users.find(user => user.username.toLowerCase() === options.selectedUsername?.toLowerCase()) ?? options.users[0];
	if (!selected) {
		return html`<p class="error">No account can sign in here: this directory has no users for this authority. Personal Microsoft accounts (consumers) are not emulated.</p>`;
	}

	return html`${errorBox(options.error)}
<p><strong>${options.client.displayName}</strong> wants to:</p>
${scopeList(options.request, options.client)}
<fieldset>
<legend>Pick an account</legend>
${options.users.map(
	user => html`<label class="user"><input type="radio" name="username" value="${user.username}"${user === selected ? html` checked` : ''}> ${user.displayName} <small>${user.username}</small></label>`,
)}
</fieldset>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" autofocus>
${options.passwordHints ? html`<p class="hint">Demo passwords: ${options.users.map(user => `${user.username.split('@')[0]!}: ${user.password}`).join(', ')}</p>` : ''}
<div class="buttons">
<button type="submit" name="decision" value="decline">Decline</button>
<button type="submit" name="decision" value="approve" class="primary">Approve</button>
</div>`;
}

export function errorBox(message: string | undefined): SafeHtml {
	return message ? html`<p class="error" role="alert">${message}</p>` : html``;
}

export function scopeList(request: ScopeRequest, client: Client): SafeHtml {
	const permissions = request.permissions.includes('.default') ? (staticGrant(client.staticScopes, request.resource) ?? []) : request.permissions;
	const oidc = [
		request.oidc.has('openid') || request.oidc.has('profile') ? 'Sign you in and read your profile' : undefined,
		request.oidc.has('offline_access') ? 'Maintain access to data you have given it access to' : undefined,
	].filter(line => line !== undefined);
	return html`<ul class="scopes">
${oidc.map(line => html`<li>${line}</li>`)}
${permissions.map(
	permission =>
		html`<li><code>${permission}</code> (${request.resource.displayName})${requiresAdminConsent(permission) ? html` <span class="admin">needs an administrator's consent: will not be granted</span>` : ''}</li>`,
)}
</ul>`;
}
