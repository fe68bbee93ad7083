/**
 * Scope strings as the v2.0 endpoint reads them: OIDC scopes, plus delegated permissions of ONE
 * resource, named bare for Microsoft Graph (`User.Read`) or prefixed (`api://x/things.read`,
 * `https://management.azure.com/.default`). The prefix as written becomes the token's `aud`.
 */
import {AadstsError, missingParameter} from './aadsts-error.js';
import {GRAPH_RESOURCE, type Client, type Directory, type Resource} from './directory.js';

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];

export interface ScopeRequest {
	oidc: Set<OidcScope>;
	resource: Resource;
	/** The resource as the client named it; the access token's `aud`. */
	audience: string;
	/** Permission names without the resource prefix; may be `.default`. */
	permissions: string[];
}

export interface DelegatedGrant {
	/** The `scp` claim's entries. */
	scp: string[];
	/** The token response's `scope`. */
	scope: string;
}

/**
 * Deterministic stand-in for "needs admin consent": anything `*.ReadWrite.All` or `Directory.*`.
 * Users of the emulated tenants are never admins, so these are left out of what is granted,
 * which is what a scope audit sees when an admin has not consented.
 */
export function requiresAdminConsent(permission: string): boolean {
	return /\.ReadWrite\.All$/i.test(permission) || /^Directory\./i.test(permission);
}

export function parseScopes(directory: Directory, scopeParameter: string | null | undefined): ScopeRequest {
	const names = [...new Set((scopeParameter ?? '').split(/\s+/).filter(Boolean))];
	if (names.length === 0) {
		throw missingParameter('scope');
	}

	const oidc = new Set<OidcScope>();
	let target: {resource: Resource; audience: string} | undefined;
	const permissions: string[] = [];
	for (const name of names) {
		const oidcName = OIDC_SCOPES.find(candidate => candidate === name.toLowerCase());
		if (oidcName) {
			oidc.add(oidcName);
			continue;
		}

		const {audience, permission} = splitScope(name);
		const resource = findResource(directory, audience);
		if (!resource) {
			throw new AadstsError(
				'invalid_resource',
				500_011,
				`The resource principal named ${audience} was not found in the tenant. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
			);
		}

		if (target && target.resource !== resource) {
			throw new AadstsError(
				'invalid_scope',
				28_000,
				`Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${names.join(' ')} is not valid.`,
			);
		}

		target ??= {resource, audience};
		permissions.push(canonicalPermission(resource, permission, names));
	}

	if (permissions.includes('.default') && permissions.length > 1) {
		throw invalidScope(names, 'static scope limit exceeded');
	}

	// Like Entra, a request with only OIDC scopes still yields a Graph token (for User.Read).
	return target
		? {oidc, ...target, permissions}
		: {oidc, resource: findResource(directory, GRAPH_RESOURCE)!, audience: GRAPH_RESOURCE, permissions: ['User.Read']};
}

/** What a user (never an admin here) can grant `client` for `request`. */
export function grantDelegated(request: ScopeRequest, client: Client): DelegatedGrant {
	const isDefault = request.permissions.includes('.default');
	const wanted = isDefault ? (staticGrant(client.staticScopes, request.resource) ?? []) : request.permissions;
	const scp = wanted.filter(permission => !requiresAdminConsent(permission));
	const named = [...scp, ...(isDefault ? ['.default'] : [])].map(permission => responseName(request, permission));
	return {scp, scope: [...named, ...responseOidcScopes(request)].join(' ')};
}

/**
 * The OIDC scopes Entra lists in a token answer's `scope`. They are Microsoft Graph's delegated
 * permissions, so only a Graph token lists them; `openid` brings `profile` and `email` (consented
 * with it) and `offline_access` is never listed: the refresh token says it. The Entra docs' device
 * code example asks for `user.read openid profile` and answers `User.Read profile openid email`
 * (test/fixtures/entra/token-graph.json); a Resource Manager answer lists only its own scopes.
 */
function responseOidcScopes(request: ScopeRequest): OidcScope[] {
	if (request.resource.identifier !== GRAPH_RESOURCE) {
		return [];
	}

	const openid = request.oidc.has('openid');
	return (['profile', 'openid', 'email'] as const).filter(scope => (scope === 'openid' ? openid : openid || request.oidc.has(scope)));
}

/** Client credentials: exactly one `{resource}/.default`, else AADSTS1002012. */
export function parseApplicationScope(directory: Directory, scopeParameter: string | null): {resource: Resource; audience: string} {
	const names = (scopeParameter ?? '').split(/\s+/).filter(Boolean);
	if (names.length === 0) {
		throw missingParameter('scope');
	}

	const [only] = names;
	const split = only ? splitScope(only) : undefined;
	if (names.length !== 1 || split?.permission !== '.default' || !only?.includes('/')) {
		throw new AadstsError(
			'invalid_scope',
			1_002_012,
			`The provided value for scope ${names.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
		);
	}

	const resource = findResource(directory, split.audience);
	if (!resource) {
		throw new AadstsError('invalid_resource', 500_011, `The resource principal named ${split.audience} was not found in the tenant.`);
	}

	return {resource, audience: split.audience};
}

export function staticGrant(byResource: Record<string, string[]>, resource: Resource): string[] | undefined {
	const key = Object.keys(byResource).find(identifier => sameResource(identifier, resource));
	return key === undefined ? undefined : byResource[key];
}

export function findResource(directory: Directory, audience: string): Resource | undefined {
	return directory.resources.find(resource => sameResource(audience, resource));
}

/** Identifier URIs match exactly, as at Entra: the trailing slash is part of the identifier. */
function sameResource(audience: string, resource: Resource): boolean {
	const wanted = audience.toLowerCase();
	return [resource.identifier, ...(resource.aliases ?? []), resource.appId].some(identifier => identifier.toLowerCase() === wanted);
}

function splitScope(name: string): {audience: string; permission: string} {
	const slash = name.lastIndexOf('/');
	if (slash === -1 && /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i.test(name)) {
		// A bare application id (B2C's way of asking for a token for the app itself) is its `.default`.
		return {audience: name, permission: '.default'};
	}

	if (slash === -1) {
		return {audience: GRAPH_RESOURCE, permission: name};
	}

	return {audience: name.slice(0, slash), permission: name.slice(slash + 1)};
}

function canonicalPermission(resource: Resource, permission: string, names: string[]): string {
	if (permission === '.default') {
		return permission;
	}

	if (resource.scopes === 'any') {
		if (!/^[A-Za-z][\w-]*(\.[\w-]+)*$/.test(permission)) {
			throw invalidScope(names, `The scope '${permission}' is not valid.`);
		}

		return resource.knownScopes?.find(candidate => candidate.toLowerCase() === permission.toLowerCase()) ?? permission;
	}

	const known = resource.scopes.find(candidate => candidate.toLowerCase() === permission.toLowerCase());
	if (!known) {
		throw invalidScope(names, `The scope '${permission}' does not exist on the resource '${resource.identifier}'.`);
	}

	return known;
}

function invalidScope(names: string[], detail: string): AadstsError {
	return new AadstsError(
		'invalid_scope',
		70_011,
		`The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${names.join(' ')} is not valid. ${detail}`,
	);
}

/** Graph permissions are answered bare, everything else with its resource prefix, as Entra does. */
function responseName(request: ScopeRequest, permission: string): string {
	return request.resource.identifier === GRAPH_RESOURCE && permission !== '.default' ? permission : `${request.audience}/${permission}`;
}
