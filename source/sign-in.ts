/**
 * Interactive sign-in: resolve the provider, run the chosen flow (its events pass straight
 * through to whichever face is watching), then store the account — secrets first, metadata
 * last. Nothing is written before the flow succeeds, so a declined, expired or cancelled
 * sign-in leaves config and keychain exactly as they were.
 */
import {accountId} from './accounts/cache-key.js';
import {accountName, findAccount, uniqueName} from './accounts/lookup.js';
import {CancelledError, MsidError, UsageError} from './errors.js';
import {discover} from './identity/authorization-server.js';
import {defaultEntraScopes} from './identity/clouds.js';
import {deviceCodeFlow} from './identity/device-code.js';
import type {SignInEvent} from './identity/events.js';
import {isTenantId, resolveProvider} from './identity/providers.js';
import {openSession, type ProtocolSession} from './identity/session.js';
import type {TokenSet} from './identity/token-set.js';
import type {Runtime} from './runtime.js';
import type {SignInRequest} from './services.js';
import type {AccountRecord, FlowKind, ProviderEndpoints, ProviderRecord} from './storage/account.js';
import {readConfig, updateConfig} from './storage/config-store.js';
import {planToken} from './token-plan.js';
import {announce, applyTokens, storeTokenSecrets} from './tokens.js';

const defaultOidcScopes = ['openid', 'profile', 'offline_access'];

interface SignInPlan {
	provider: ProviderRecord;
	flow: FlowKind;
	scopes: string[];
	alias?: string;
	claims?: string;
}

/** The sign-in as events; a failure ends the stream with a 'failure' event instead of throwing. */
export async function * signInEvents(runtime: Runtime, request: SignInRequest): AsyncGenerator<SignInEvent> {
	try {
		yield * signIn(runtime, request);
	} catch (error) {
		yield {type: 'failure', error: error instanceof MsidError ? error : new MsidError('unexpected', `Sign-in failed: ${String(error)}`, {cause: error})};
	}
}

export async function * signIn(runtime: Runtime, request: SignInRequest): AsyncGenerator<SignInEvent, AccountRecord> {
	const plan = await planSignIn(runtime, request);
	// Find out now, not after the user approved in the browser, that the tokens have nowhere to go.
	await runtime.secrets.keys();
	const http = {fetch: runtime.fetch, clock: runtime.clock, ...(request.signal ? {signal: request.signal} : {})};
	const endpoints = plan.provider.endpoints ?? (await discover(plan.provider, http.fetch, request.signal));
	const provider: ProviderRecord = {...plan.provider, endpoints};
	const session = openSession(provider, endpoints, http);
	const tokens = yield * runFlow(session, plan);
	if (request.signal?.aborted) {
		throw new CancelledError('Sign-in cancelled.');
	}

	const account = await saveAccount(runtime, provider, plan, tokens);
	yield {type: 'success', accountId: account.id, accountName: account.name};
	return account;
}

async function planSignIn(runtime: Runtime, request: SignInRequest): Promise<SignInPlan> {
	if (request.accountId) {
		const existing = findAccount(await readConfig(runtime.env), request.accountId);
		return {
			provider: existing.provider,
			flow: request.flow ?? existing.flow,
			scopes: existing.scopes,
			...(existing.alias ? {alias: existing.alias} : {}),
			...(request.claims ? {claims: request.claims} : {}),
		};
	}

	const provider = resolveProvider(
		{
			...(request.provider ? {provider: request.provider} : {}),
			...(request.cloud ? {cloud: request.cloud} : {}),
			...(request.tenant ? {tenant: request.tenant} : {}),
			...(request.issuer ? {issuer: request.issuer} : {}),
			...(request.clientId ? {clientId: request.clientId} : {}),
			...(request.audience ? {audience: request.audience} : {}),
		},
		runtime.env,
	);
	const scopes = request.scopes?.length ? request.scopes : provider.kind === 'entra' ? defaultEntraScopes : defaultOidcScopes;
	return {
		provider,
		flow: request.flow ?? 'device-code',
		scopes,
		...(request.name ? {alias: request.name} : {}),
		...(request.claims ? {claims: request.claims} : {}),
	};
}

async function * runFlow(session: ProtocolSession, plan: SignInPlan): AsyncGenerator<SignInEvent, TokenSet> {
	const request = {
		scopes: plan.scopes,
		...(plan.claims ? {claims: plan.claims} : {}),
		...(plan.provider.audience ? {audience: plan.provider.audience} : {}),
	};
	switch (plan.flow) {
		case 'device-code': {
			return yield * deviceCodeFlow(session, request);
		}

		default: {
			throw new UsageError(`--flow ${plan.flow} is not available yet: use --flow device-code.`);
		}
	}
}

interface SignedInIdentity {
	subject: string;
	tenantId?: string;
	username?: string;
	displayName?: string;
}

/** Who signed in, from the validated ID token (or, without openid, the access token's claims). */
function identityOf(tokens: TokenSet): SignedInIdentity {
	const claims = tokens.idClaims ?? decodeClaims(tokens.accessToken) ?? {};
	const text = (name: string) => (typeof claims[name] === 'string' && claims[name] !== '' ? (claims[name] as string) : undefined);
	const subject = text('oid') ?? text('sub');
	if (!subject) {
		throw new MsidError('no-identity', 'The server did not say who signed in: include the openid scope (--scope openid).');
	}

	const username = text('preferred_username') ?? text('upn') ?? text('email');
	const tenantId = text('tid');
	const displayName = text('name');
	return {subject, ...(tenantId ? {tenantId} : {}), ...(username ? {username} : {}), ...(displayName ? {displayName} : {})};
}

function decodeClaims(token: string): Record<string, unknown> | undefined {
	try {
		const claims: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
		return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * A tenant-specific authority must hand back a token of that tenant. Anything else means the
 * sign-in was bound to another directory than the one asked for (cross-tenant rebinding).
 */
function checkTenant(endpoints: ProviderEndpoints, identity: SignedInIdentity): void {
	const expected = /\/([\da-f-]{36})\/v2\.0$/i.exec(endpoints.issuer)?.[1];
	if (expected && isTenantId(expected) && identity.tenantId && identity.tenantId.toLowerCase() !== expected.toLowerCase()) {
		throw new MsidError(
			'tenant-mismatch',
			`The sign-in returned a token for tenant ${identity.tenantId}, not the requested ${expected}: nothing was saved. Check --tenant and the account used in the browser.`,
		);
	}
}

async function saveAccount(runtime: Runtime, provider: ProviderRecord, plan: SignInPlan, tokens: TokenSet): Promise<AccountRecord> {
	const endpoints = provider.endpoints!;
	if (provider.kind === 'entra') {
		checkTenant(endpoints, identityOf(tokens));
	}

	const identity = identityOf(tokens);
	const issuerKey = provider.kind === 'entra' ? provider.authorityHost! : endpoints.issuer;
	const id = accountId({issuer: issuerKey, clientId: provider.clientId, subject: identity.subject});
	const tenantDomain = identity.username?.split('@')[1];
	const existing = (await readConfig(runtime.env)).accounts[id];
	const draft: AccountRecord = {
		...existing,
		id,
		name: '',
		...(plan.alias ? {alias: plan.alias} : {}),
		kind: 'user',
		provider,
		flow: plan.flow,
		scopes: plan.scopes,
		...(identity.username ? {username: identity.username} : {}),
		...(identity.displayName ? {displayName: identity.displayName} : {}),
		subject: identity.subject,
		...(identity.tenantId ? {homeTenantId: existing?.homeTenantId ?? identity.tenantId, activeTenantId: identity.tenantId} : {}),
		tenants: existing?.tenants ?? [],
		store: runtime.secrets.kind === 'file' ? 'file' : 'keychain',
		tokens: existing?.tokens ?? {},
		createdAt: existing?.createdAt ?? runtime.clock.now(),
	};
	delete draft.needsSignIn;
	const baseName = accountName({
		...(plan.alias ? {alias: plan.alias} : {}),
		...(identity.username ? {username: identity.username} : {}),
		...(tenantDomain ? {tenantDomain} : {}),
		clientId: provider.clientId,
		...(identity.tenantId ? {tenant: identity.tenantId} : {}),
		subject: identity.subject,
		issuerHost: new URL(endpoints.issuer.replace('{tenantid}', 'tenant')).host,
		application: false,
	});

	const slot = planToken(draft, {});
	await storeTokenSecrets(runtime, id, slot, tokens);
	await updateConfig(runtime.env, data => {
		draft.name = uniqueName(data, baseName, id, provider.clientId);
		applyTokens(draft, slot, tokens);
		data.accounts[id] = draft;
		data.defaultAccount ??= id;
	});
	announce(runtime, draft, slot, tokens);
	return draft;
}
