/**
 * Getting a new access token without the user: redeem the refresh token (users) or ask
 * again with the stored credential (applications). The token service decides when.
 */
import {credentialSession, storedCredential} from './app-credentials.js';
import {claimsFor} from '../../identity/capabilities.js';
import {entraTenantEndpoints} from '../../identity/authorization-server.js';
import {clientCredentialsTokens} from '../../identity/client-credentials.js';
import type {HttpContext} from '../../identity/http.js';
import {refreshTokens} from '../../identity/refresh.js';
import {openSession, type ProtocolSession} from '../../identity/session.js';
import type {TokenSet} from '../../identity/token-set.js';
import {secretKeys} from '../accounts/secret-keys.js';
import {MsidError} from '../../model/errors.js';
import type {Runtime} from '../runtime/runtime.js';
import type {AccountRecord, ProviderEndpoints} from '../../model/account.js';
import {refreshScopes, type TokenPlan} from './token-plan.js';

export interface SilentRequest {
	plan: TokenPlan;
	claims?: string;
	signal?: AbortSignal;
}

export async function acquireSilently(runtime: Runtime, account: AccountRecord, request: SilentRequest): Promise<TokenSet> {
	if (account.kind === 'application') {
		// Applications have no refresh token: "refreshing" is asking again with the credential.
		const session = await credentialSession(runtime, account.provider, endpointsFor(account, request.plan.tenant), httpContext(runtime, request), await storedCredential(runtime, account));
		return clientCredentialsTokens(session, {scopes: request.plan.scopes, ...(account.provider.audience ? {audience: account.provider.audience} : {})});
	}

	const session = sessionFor(runtime, account, request);
	const claims = claimsFor(account.provider, request.claims, request.plan.cae);
	const refreshToken = await runtime.secrets.get(secretKeys.refreshToken(account.id));
	if (!refreshToken) {
		throw new MsidError(
			'sign-in-required',
			`${account.name} has no refresh token stored (signed in without offline_access, or its keychain entry was removed).`,
			{remedy: {kind: 'sign-in', account: account.name}, facts: {account: account.name}},
		);
	}

	return refreshTokens(session, refreshToken, {
		scopes: refreshScopes(account, request.plan),
		...(claims ? {claims} : {}),
		...(account.provider.audience ? {audience: account.provider.audience} : {}),
	}, {action: `refresh the token of ${account.name}`, account: account.name});
}

export function sessionFor(runtime: Runtime, account: AccountRecord, request: {plan: TokenPlan; signal?: AbortSignal}): ProtocolSession {
	return openSession(account.provider, endpointsFor(account, request.plan.tenant), httpContext(runtime, request));
}

/**
 * A renewal a person (or a prompt) waits for: each request gets 6 s, and only failures that are
 * safe to repeat are tried again (refresh.ts), so a dead provider is reported within 15 s.
 */
export const silentRequestTimeoutMs = 6000;

function httpContext(runtime: Runtime, request: {signal?: AbortSignal}): HttpContext {
	return {fetch: runtime.fetch, clock: runtime.clock, timeoutMs: silentRequestTimeoutMs, ...(request.signal ? {signal: request.signal} : {})};
}

/**
 * Entra accounts talk to their concrete tenant's authority after sign-in (as MSAL does), so
 * ID tokens are checked against an exact issuer and a refresh token can be redeemed in any
 * tenant the user belongs to.
 */
export function endpointsFor(account: AccountRecord, tenant: string | undefined): ProviderEndpoints {
	if (account.provider.kind === 'entra' && tenant) {
		return entraTenantEndpoints(account.provider, tenant);
	}

	if (!account.provider.endpoints) {
		throw new MsidError('config-corrupt', `The configuration of ${account.name} lacks its endpoints.`, {remedy: {kind: 'sign-in', account: account.name}});
	}

	return account.provider.endpoints;
}
