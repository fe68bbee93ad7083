import type {IncomingMessage} from 'node:http';
import type {InteractionDetails, Middleware, Provider} from 'oidc-provider';

// The login and consent pages a user meets during sign-in. oidc-provider leaves these
// to the application; its "devInteractions" would do but print a warning on every
// start. These pages are plain HTML forms so that a browser-like client (see
// oidc-approve.ts) drives them over HTTP exactly as a person would.
//   GET  /interaction/:uid          login form (any account id, any password) or consent form
//   POST /interaction/:uid/login    signs in as `login`
//   POST /interaction/:uid/consent  grants every scope, claim and API scope asked for
//   POST /interaction/:uid/abort    the user declines: access_denied

const route = /^\/interaction\/([\w-]+)(?:\/(login|consent|abort))?$/;

export function interactionPages(provider: Provider): Middleware {
	return async (ctx, next) => {
		const match = route.exec(ctx.path);
		if (!match) {
			await next();
			return;
		}

		const [, uid, action] = match;
		let details: InteractionDetails;
		try {
			details = await provider.interactionDetails(ctx.req, ctx.res);
		} catch (error) {
			// No interaction cookie, or it expired: what a stale browser tab would see.
			ctx.status = 400;
			ctx.body = (error as Error).message;
			return;
		}

		if (details.uid !== uid) {
			ctx.status = 400;
			ctx.body = 'interaction mismatch';
			return;
		}

		if (ctx.method === 'GET' && action === undefined) {
			ctx.type = 'html';
			ctx.body = details.prompt.name === 'login' ? loginPage(uid) : consentPage(uid, details);
			return;
		}

		if (ctx.method !== 'POST' || action === undefined) {
			ctx.status = 405;
			return;
		}

		// interactionFinished answers with a 303 to the provider's resume endpoint.
		ctx.respond = false;
		if (action === 'abort') {
			await provider.interactionFinished(ctx.req, ctx.res, {
				error: 'access_denied',
				error_description: 'End-User aborted interaction',
			}, {mergeWithLastSubmission: false});
			return;
		}

		if (action === 'login') {
			const form = await readForm(ctx.req);
			const accountId = form.get('login') ?? '';
			if (accountId === '') {
				ctx.respond = true;
				ctx.status = 400;
				ctx.body = 'login required';
				return;
			}

			await provider.interactionFinished(ctx.req, ctx.res, {login: {accountId}}, {mergeWithLastSubmission: false});
			return;
		}

		const grantId = await grantEverythingAsked(provider, details);
		await provider.interactionFinished(ctx.req, ctx.res, {consent: {grantId}}, {mergeWithLastSubmission: true});
	};
}

async function grantEverythingAsked(provider: Provider, details: InteractionDetails): Promise<string> {
	const accountId = details.session?.accountId;
	if (!accountId) {
		throw new Error('consent without a signed-in account');
	}

	const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined)
		?? new provider.Grant({accountId, clientId: details.params.client_id});
	const asked = details.prompt.details as {
		missingOIDCScope?: string[];
		missingOIDCClaims?: string[];
		missingResourceScopes?: Record<string, string[]>;
	};
	if (asked.missingOIDCScope) {
		grant.addOIDCScope(asked.missingOIDCScope.join(' '));
	}

	if (asked.missingOIDCClaims) {
		grant.addOIDCClaims(asked.missingOIDCClaims);
	}

	for (const [resource, scopes] of Object.entries(asked.missingResourceScopes ?? {})) {
		grant.addResourceScope(resource, scopes.join(' '));
	}

	return grant.save();
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) {
		chunks.push(chunk as Buffer);
	}

	return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function escapeHtml(value: string): string {
	return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function page(title: string, body: string): string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

function loginPage(uid: string): string {
	return page('Sign-in', `<form id="login" method="post" action="/interaction/${uid}/login">
<input type="text" name="login" placeholder="Account id" required>
<input type="password" name="password" placeholder="Any password">
<button type="submit">Sign in</button>
</form>
<form id="decline" method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form>`);
}

function consentPage(uid: string, details: InteractionDetails): string {
	const client = escapeHtml(details.params.client_id);
	const scope = escapeHtml(typeof details.params['scope'] === 'string' ? details.params['scope'] : '');
	return page('Authorize', `<p><strong>${client}</strong> asks for: <code>${scope}</code></p>
<form id="consent" method="post" action="/interaction/${uid}/consent"><button type="submit">Allow</button></form>
<form id="decline" method="post" action="/interaction/${uid}/abort"><button type="submit">Deny</button></form>`);
}
