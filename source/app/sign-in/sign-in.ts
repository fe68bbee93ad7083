/**
 * Interactive sign-in: resolve the provider, run the chosen flow (its events pass straight
 * through to whichever face is watching), then store the account — credential and tokens
 * first, metadata last. Nothing is written before the flow succeeds, so a declined, expired
 * or cancelled sign-in leaves config and keychain exactly as they were.
 */
import {accountId} from '../tokens/cache-key.js';
import {accountName, findAccount, uniqueName} from '../accounts/lookup.js';
import {discoverTenants} from './tenant-discovery.js';
import {credentialSession, storeCredential, type AppCredential} from '../tokens/app-credentials.js';
import {CancelledError, MsidError, type Setting, UsageError} from '../../model/errors.js';
import {authorizationCodeFlow, loopbackRedirectFor} from '../../identity/auth-code.js';
import {parseLoopbackRedirect, type LoopbackRedirect} from '../../identity/loopback-listener.js';
import {discover} from '../../identity/authorization-server.js';
import {readClientCertificate} from '../../identity/certificate.js';
import {claimsFor} from '../../identity/capabilities.js';
import {clientCredentialsTokens} from '../../identity/client-credentials.js';
import {clouds, defaultEntraScopes} from '../../identity/clouds.js';
import {deviceCodeFlow} from '../../identity/device-code.js';
import {decodeJwtPayload} from '../../identity/jwt-claims.js';
import {readEnvironmentCredential} from '../../identity/environment-credentials.js';
import type {SignInEvent} from '../../model/sign-in-events.js';
import type {HttpContext} from '../../identity/http.js';
import {passwordFlowWarning, passwordTokens} from '../../identity/password.js';
import {isMultiTenant, isTenantId, resolveProvider} from '../../identity/providers.js';
import {openSession} from '../../identity/session.js';
import type {TokenSet} from '../../identity/token-set.js';
import type {Runtime} from '../runtime/runtime.js';
import type {SignInRequest} from '../../model/services.js';
import type {AccountRecord, FlowKind, ProviderEndpoints, ProviderRecord} from '../../model/account.js';
import {readConfig} from '../../storage/config-read.js';
import {updateConfig} from '../../storage/config-store.js';
import {planToken} from '../tokens/token-plan.js';
import {announce, applyTokens, storeTokenSecrets} from '../tokens/token-service.js';

const defaultOidcScopes = ['openid', 'profile', 'offline_access'];
const applicationFlows = new Set<FlowKind>(['client-secret', 'certificate']);

export interface Interaction {
	/** Starts the user's browser; false when none could be started. */
	openBrowser(url: string): Promise<boolean>;
}

interface SignInPlan {
	provider: ProviderRecord;
	flow: FlowKind;
	scopes: string[];
	application: boolean;
	alias?: string;
	claims?: string;
	/** Non-secret settings kept with the account for the next sign-in. */
	flowSettings: Record<string, string>;
	request: SignInRequest;
}

/** The sign-in as events; a failure ends the stream with a 'failure' event instead of throwing. */
export async function * signInEvents(runtime: Runtime, request: SignInRequest, interaction: Interaction): AsyncGenerator<SignInEvent> {
	try {
		yield * signIn(runtime, request, interaction);
	} catch (error) {
		yield {type: 'failure', error: error instanceof MsidError ? error : new MsidError('unexpected', `Sign-in failed: ${String(error)}`, {cause: error})};
	}
}

export async function * signIn(runtime: Runtime, request: SignInRequest, interaction: Interaction): AsyncGenerator<SignInEvent, AccountRecord> {
	const plan = await planSignIn(runtime, request);
	// Find out now, not after the user approved in the browser, that the tokens have nowhere to go.
	// A read of a name no account uses, not a listing: listing the macOS Keychain asks the user
	// about every entry.
	await runtime.secrets.get('keychain-check');
	const http: HttpContext = {fetch: runtime.fetch, clock: runtime.clock, ...(request.signal ? {signal: request.signal} : {})};
	const endpoints = plan.provider.endpoints ?? (await discover(plan.provider, http.fetch, request.signal));
	const provider: ProviderRecord = {...plan.provider, endpoints};
	const {tokens, credential} = yield * acquire(runtime, provider, endpoints, plan, http, interaction);
	if (request.signal?.aborted) {
		throw new CancelledError('Sign-in cancelled.');
	}

	const account = await saveAccount(runtime, provider, plan, tokens, credential);
	// The other tenants this user can switch to without signing in again.
	await discoverTenants(runtime, account, request.signal);
	yield {type: 'success', accountId: account.id, accountName: account.name};
	return account;
}

async function planSignIn(runtime: Runtime, request: SignInRequest): Promise<SignInPlan> {
	if (request.accountId) {
		const existing = findAccount(readConfig(runtime.env), request.accountId);
		const flow = request.flow ?? existing.flow;
		return {
			provider: existing.provider,
			flow,
			scopes: existing.scopes,
			application: existing.kind === 'application',
			...(request.name ?? existing.alias ? {alias: request.name ?? existing.alias} : {}),
			...(request.claims ? {claims: request.claims} : {}),
			flowSettings: flowSettingsFor(flow, request.redirectUri ?? (flow === 'browser' ? existing.flowSettings?.['redirectUri'] : undefined)),
			request,
		};
	}

	const requestedFlow = request.flow ?? 'device-code';
	const fromEnvironment = requestedFlow === 'environment' ? readEnvironmentCredential(runtime.env) : undefined;
	const provider = resolveProvider(
		{
			...(request.provider ? {provider: request.provider} : {}),
			...(request.cloud ? {cloud: request.cloud} : {}),
			...(request.issuer ? {issuer: request.issuer} : {}),
			...(request.audience ? {audience: request.audience} : {}),
			...(fromEnvironment
				? {tenant: fromEnvironment.tenantId, clientId: fromEnvironment.clientId}
				: {...(request.tenant ? {tenant: request.tenant} : {}), ...(request.clientId ? {clientId: request.clientId} : {})}),
		},
		runtime.env,
	);
	// B2C user flows offer no device code: their sign-in is the browser's.
	const flow = request.flow ?? (provider.kind === 'b2c' ? 'browser' : requestedFlow);
	const application = applicationFlows.has(flow) || (fromEnvironment !== undefined && fromEnvironment.kind !== 'password');
	if (application && provider.kind === 'entra' && isMultiTenant(provider.tenant)) {
		throw new UsageError(`The ${flow} flow signs in an application, which needs a specific tenant (a tenant id or domain).`, {kind: 'give-setting', setting: 'tenant'});
	}

	if (application && provider.kind === 'entra' && !request.clientId && !fromEnvironment) {
		throw new UsageError(`The ${flow} flow needs the client id of the application's own registration.`, {kind: 'give-setting', setting: 'client-id'});
	}

	return {
		provider,
		flow,
		scopes: request.scopes?.length ? request.scopes : defaultScopes(provider, application),
		application,
		...(request.name ? {alias: request.name} : {}),
		...(request.claims ? {claims: request.claims} : {}),
		flowSettings: flowSettingsFor(flow, request.redirectUri),
		request,
	};
}

/** Checked before any request: a bad redirect URI must not cost the user a sign-in. */
function flowSettingsFor(flow: FlowKind, redirectUri: string | undefined): Record<string, string> {
	if (redirectUri === undefined) {
		return {};
	}

	if (flow !== 'browser') {
		throw new UsageError('A redirect URI is for the browser sign-in only.', {kind: 'give-setting', setting: 'flow', value: 'browser'});
	}

	parseLoopbackRedirect(redirectUri);
	return {redirectUri};
}

function loopbackRedirect(provider: ProviderRecord, plan: SignInPlan): LoopbackRedirect {
	const given = plan.flowSettings['redirectUri'];
	return given ? parseLoopbackRedirect(given) : loopbackRedirectFor(provider.kind);
}

function defaultScopes(provider: ProviderRecord, application: boolean): string[] {
	if (provider.kind === 'entra') {
		return application ? [`${clouds[provider.cloud ?? 'global'].graph}/.default`] : defaultEntraScopes;
	}

	if (provider.kind === 'b2c' && !application) {
		// B2C answers openid and offline_access with no access token; the app's own id asks for one (a token for the app itself).
		return ['openid', 'offline_access', provider.clientId];
	}

	return application ? [] : defaultOidcScopes;
}

interface Acquired {
	tokens: TokenSet;
	credential?: AppCredential;
}

async function * acquire(
	runtime: Runtime,
	provider: ProviderRecord,
	endpoints: ProviderEndpoints,
	plan: SignInPlan,
	http: HttpContext,
	interaction: Interaction,
): AsyncGenerator<SignInEvent, Acquired> {
	const claims = claimsFor(provider, plan.claims);
	const userRequest = {
		scopes: plan.scopes,
		...(claims ? {claims} : {}),
		...(provider.audience ? {audience: provider.audience} : {}),
	};
	const {request} = plan;
	switch (plan.flow) {
		case 'device-code': {
			return {tokens: yield * deviceCodeFlow(openSession(provider, endpoints, http), userRequest)};
		}

		case 'browser': {
			const openBrowser = request.noBrowser ? async () => false : async (url: string) => interaction.openBrowser(url);
			return {tokens: yield * authorizationCodeFlow(openSession(provider, endpoints, http), {...userRequest, openBrowser, redirect: loopbackRedirect(provider, plan)})};
		}

		case 'password': {
			return {tokens: yield * passwordFlow(provider, endpoints, http, userRequest, requireText(request.username, 'username'), requireText(request.password, 'password'))};
		}

		case 'environment': {
			const credential = readEnvironmentCredential(runtime.env);
			if (credential.kind === 'password') {
				return {tokens: yield * passwordFlow(provider, endpoints, http, userRequest, credential.username, credential.password)};
			}

			return applicationTokens(runtime, provider, endpoints, http, plan, {kind: 'environment'});
		}

		case 'client-secret': {
			return applicationTokens(runtime, provider, endpoints, http, plan, {kind: 'secret', secret: requireText(request.clientSecret, 'client secret')});
		}

		case 'certificate': {
			const path = requireText(request.certificatePath, 'certificate (a PEM file with the private key and the certificate)', 'certificate');
			return applicationTokens(runtime, provider, endpoints, http, plan, {kind: 'certificate', certificate: await readClientCertificate(path, request.certificatePassword)});
		}
	}
}

async function * passwordFlow(
	provider: ProviderRecord,
	endpoints: ProviderEndpoints,
	http: HttpContext,
	request: {scopes: string[]; claims?: string; audience?: string},
	username: string,
	password: string,
): AsyncGenerator<SignInEvent, TokenSet> {
	yield {type: 'warning', code: 'password-flow', message: passwordFlowWarning};
	return passwordTokens(openSession(provider, endpoints, http), {...request, username, password});
}

async function applicationTokens(
	runtime: Runtime,
	provider: ProviderRecord,
	endpoints: ProviderEndpoints,
	http: HttpContext,
	plan: SignInPlan,
	credential: AppCredential,
): Promise<Acquired> {
	const session = await credentialSession(runtime, provider, endpoints, http, credential);
	const tokens = await clientCredentialsTokens(session, {scopes: plan.scopes, ...(provider.audience ? {audience: provider.audience} : {})});
	return {tokens, credential};
}

function requireText(value: string | undefined, what: string, setting?: Setting): string {
	if (!value) {
		throw new UsageError(`This sign-in needs a ${what}.`, setting ? {kind: 'give-setting', setting} : undefined);
	}

	return value;
}

interface SignedInIdentity {
	subject: string;
	tenantId?: string;
	/** From Entra's client_info: the user's home tenant, also when they signed in to another as a guest. */
	homeTenantId?: string;
	username?: string;
	displayName?: string;
}

/** Who signed in: the validated ID token, else (applications, or no openid) the access token's claims. */
function identityOf(tokens: TokenSet, clientId: string, application: boolean): SignedInIdentity {
	const claims = tokens.idClaims ?? decodeJwtPayload(tokens.accessToken) ?? {};
	const text = (name: string) => (typeof claims[name] === 'string' && claims[name] !== '' ? (claims[name] as string) : undefined);
	// client_info's uid is the person (their home object id) in every tenant; oid is their object in this one.
	const subject = (application ? undefined : tokens.clientInfo?.uid) ?? text('oid') ?? text('sub') ?? (application ? clientId : undefined);
	if (!subject) {
		throw new MsidError('no-identity', 'The server did not say who signed in: include the openid scope.', {remedy: {kind: 'give-setting', setting: 'scope', value: 'openid'}});
	}

	const username = application ? undefined : text('preferred_username') ?? text('upn') ?? text('email');
	const tenantId = text('tid');
	const displayName = text('name');
	const homeTenantId = application ? undefined : tokens.clientInfo?.utid;
	return {subject, ...(tenantId ? {tenantId} : {}), ...(homeTenantId ? {homeTenantId} : {}), ...(username ? {username} : {}), ...(displayName ? {displayName} : {})};
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
			`The sign-in returned a token for tenant ${identity.tenantId}, not the requested ${expected}: nothing was saved. Check the tenant and the account used in the browser.`,
			{remedy: {kind: 'give-setting', setting: 'tenant'}},
		);
	}
}

async function saveAccount(runtime: Runtime, provider: ProviderRecord, plan: SignInPlan, tokens: TokenSet, credential: AppCredential | undefined): Promise<AccountRecord> {
	const endpoints = provider.endpoints!;
	const identity = identityOf(tokens, provider.clientId, plan.application);
	if (provider.kind === 'entra') {
		checkTenant(endpoints, identity);
	}

	const issuerKey = provider.kind === 'entra' ? provider.authorityHost! : endpoints.issuer;
	const id = accountId({issuer: issuerKey, clientId: provider.clientId, subject: identity.subject});
	const existing = readConfig(runtime.env).accounts[id];
	const draft: AccountRecord = {
		...existing,
		id,
		name: '',
		...(plan.alias ? {alias: plan.alias} : {}),
		kind: plan.application ? 'application' : 'user',
		provider,
		flow: plan.flow,
		scopes: plan.scopes,
		...(identity.username ? {username: identity.username} : {}),
		...(identity.displayName ? {displayName: identity.displayName} : {}),
		subject: identity.subject,
		...(identity.tenantId ? {homeTenantId: identity.homeTenantId ?? existing?.homeTenantId ?? identity.tenantId, activeTenantId: identity.tenantId} : {}),
		tenants: existing?.tenants ?? [],
		...(Object.keys(plan.flowSettings).length > 0 ? {flowSettings: plan.flowSettings} : {}),
		store: runtime.secrets.kind === 'file' ? 'file' : 'keychain',
		tokens: existing?.tokens ?? {},
		createdAt: existing?.createdAt ?? runtime.clock.now(),
	};
	delete draft.needsSignIn;
	const baseName = accountName({
		...(plan.alias ? {alias: plan.alias} : {}),
		...(identity.username ? {username: identity.username} : {}),
		clientId: provider.clientId,
		tenant: identity.tenantId ?? provider.tenant,
		subject: identity.subject,
		issuerHost: new URL(endpoints.issuer.replace('{tenantid}', 'tenant')).host,
		application: plan.application,
	});

	const slot = planToken(draft, {});
	if (credential) {
		await storeCredential(runtime, id, credential);
	}

	await storeTokenSecrets(runtime, id, slot, tokens);
	await updateConfig(runtime.env, data => {
		draft.name = uniqueName(data, baseName, id, provider);
		applyTokens(draft, slot, tokens);
		data.accounts[id] = draft;
		data.defaultAccount ??= id;
	});
	announce(runtime, draft, slot, tokens);
	return draft;
}
