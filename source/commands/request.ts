/**
 * msid request: calls an API with a fresh token, and only an API the token was issued for: the
 * token goes to its resource's origin(s) and nowhere else, and a URL of a known Microsoft API
 * names its resource. It asks for a continuous access evaluation token (this command answers
 * claims challenges). On a claims challenge from the token's own origin it first redeems the
 * refresh token with the claims, silently; only when that is refused as needing the user does
 * it sign the account in again with those claims. Then it retries once.
 */
import {printable} from '../model/printable.js';
import {CancelledError, MsidError, UsageError} from '../model/errors.js';
import {classifyFailure} from '../identity/protocol-errors.js';
import {parseClaimsChallenge, type ClaimsChallenge} from '../identity/claims-challenge.js';
import {apiForUrl, knownApis, originsOfResource, resourceOfScopes} from '../identity/api-origins.js';
import {parseSecureUrl} from '../identity/loopback.js';
import type {AccountRecord} from '../model/account.js';
import type {FreshToken, TokenRequest} from '../model/services.js';
import {splitScopeArgs} from './args.js';
import type {Command, CommandContext} from './context.js';
import {requestMethods, type requestSpec} from './spec/request.js';
import {followSignIn} from './login.js';
import {createStatusLine} from './status-line.js';

const methods = new Set<string>(requestMethods);

export const request: Command<typeof requestSpec> = async ({options: values, positionals}, context) => {
	if (positionals.length < 2) {
		throw new UsageError('msid request needs a METHOD and a URL, e.g. msid request GET https://graph.microsoft.com/v1.0/me');
	}

	const [account, method, url] = positionals.length === 3 ? positionals : [undefined, ...positionals];
	const verb = method!.toUpperCase();
	if (!methods.has(verb)) {
		throw new UsageError(`"${method}" is not an HTTP method: use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.`);
	}

	// The token goes only over https, or http to this machine.
	const target = parseSecureUrl(url!, 'URL');
	const scopes = splitScopeArgs(values.scope);
	if (values.resource && scopes?.length) {
		throw new UsageError('Give either --resource or --scope, not both.');
	}

	const {record} = await context.services.accounts.get(account);
	const binding = bindToken(record, target, {...(values.resource ? {resource: values.resource} : {}), ...(scopes ? {scopes} : {})});
	const tokenRequest: TokenRequest = {account: record.id, ...binding.request, cae: true, signal: context.signal};
	const extraHeaders = requestHeaders(values.header ?? [], values.data);
	const send = async (token: FreshToken) => {
		try {
			return await context.runtime.fetch(target, {
				method: verb,
				headers: withAuthorization(extraHeaders, token),
				...(values.data === undefined ? {} : {body: values.data}),
				signal: context.signal,
			});
		} catch (error) {
			const failure = classifyFailure(error);
			if (failure.kind === 'cancelled') {
				throw new CancelledError();
			}

			throw new MsidError('network', `Could not reach ${target.host}: ${'reason' in failure ? failure.reason : 'network error'}.`);
		}
	};

	const token = await context.services.tokens.get(tokenRequest);
	let response = await send(token);
	// Only the token's own origin may ask for more claims: a redirect elsewhere carried no token.
	const challenge = response.status === 401 && binding.origins.has(new URL(response.url || target.href).origin)
		? parseClaimsChallenge(response.headers.get('www-authenticate'))
		: undefined;
	if (challenge) {
		await response.body?.cancel();
		const claimed = await answerChallenge(context, tokenRequest, token, target, challenge);
		response = await send(claimed);
	}

	context.stdout.write(Buffer.from(await response.arrayBuffer()));
	if (!response.ok) {
		context.stderr.write(`msid: ${verb} ${target.origin}${target.pathname} answered ${response.status} ${printable(response.statusText)}.\n`);
		return 1;
	}

	return 0;
};

/** A token with the challenge's claims: silently when the refresh token suffices, else by a new sign-in. */
async function answerChallenge(context: CommandContext, tokenRequest: TokenRequest, token: FreshToken, target: URL, challenge: ClaimsChallenge): Promise<FreshToken> {
	const withClaims = {...tokenRequest, claims: challenge.claims};
	context.stderr.write(`msid: ${target.host} asks for a token with more claims (continuous access evaluation or conditional access); getting one.\n`);
	try {
		return await context.services.tokens.get(withClaims);
	} catch (error) {
		if (!(error instanceof MsidError) || (error.code !== 'interaction-required' && error.code !== 'sign-in-required')) {
			throw error;
		}

		context.stderr.write(`msid: that needs you (${printable(error.message)}); signing ${printable(token.accountName)} in again.\n`);
	}

	const events = context.services.signIn({accountId: token.accountId, claims: challenge.claims, signal: context.signal});
	await followSignIn(events, createStatusLine(context.stderr, context.services.clock));
	return context.services.tokens.get(withClaims);
}

interface Binding {
	request: Pick<TokenRequest, 'scopes' | 'resource'>;
	/** Where this token may go, and where a claims challenge may come from. */
	origins: Set<string>;
}

/**
 * Which token the URL gets, decided before any request: the resource named by --resource or
 * --scope must own the URL's origin; without them, the URL must be a known Microsoft API's.
 * An identifier that names no place (api://..., an app id) given explicitly binds to this URL.
 */
function bindToken(account: AccountRecord, target: URL, asked: {resource?: string; scopes?: string[]}): Binding {
	const apis = knownApis(account.provider);
	const named = asked.resource ?? (asked.scopes ? resourceOfScopes(asked.scopes, account.provider) : undefined);
	const request = asked.resource ? {resource: asked.resource} : asked.scopes ? {scopes: asked.scopes} : {};
	if (named) {
		const origins = originsOfResource(apis, named);
		if (origins.length === 0) {
			return {request, origins: new Set([target.origin])};
		}

		if (!origins.includes(target.origin)) {
			throw new MsidError('wrong-origin', `Refused: a token for ${named} goes only to ${origins.join(' or ')}, not to ${target.origin}. Name the API that ${target.host} serves with --resource (its App ID URI).`);
		}

		return {request, origins: new Set(origins)};
	}

	const api = apiForUrl(apis, target);
	if (api) {
		return {request: ownScopesServe(account, api.resource) ? {} : {resource: api.resource}, origins: new Set(api.origins)};
	}

	const audience = account.provider.audience ? originsOfResource([], account.provider.audience) : [];
	if (audience.includes(target.origin)) {
		return {request: {}, origins: new Set(audience)};
	}

	throw new MsidError(
		'unknown-api',
		`Refused: ${target.origin} is not an API msid knows, so no token of ${printable(account.name)} is sent there. Name the API's resource deliberately with --resource (its App ID URI, e.g. --resource https://${target.host}) or --scope RESOURCE/permission.`,
	);
}

/** The account's own scopes already ask for this API (the usual Graph sign-in): reuse that token slot. */
function ownScopesServe(account: AccountRecord, resource: string): boolean {
	const own = resourceOfScopes(account.scopes, account.provider);
	return own !== undefined && own.replace(/\/$/, '').toLowerCase() === resource.toLowerCase();
}

function requestHeaders(extra: string[], data: string | undefined): Headers {
	const result = new Headers();
	for (const line of extra) {
		const colon = line.indexOf(':');
		if (colon <= 0) {
			throw new UsageError(`--header "${line}" is not "Name: value".`);
		}

		result.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
	}

	if (data !== undefined && !result.has('content-type')) {
		result.set('content-type', looksLikeJson(data) ? 'application/json' : 'application/x-www-form-urlencoded');
	}

	return result;
}

function withAuthorization(base: Headers, token: FreshToken): Headers {
	const result = new Headers(base);
	result.set('authorization', `${token.tokenType} ${token.accessToken}`);
	return result;
}

function looksLikeJson(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}
