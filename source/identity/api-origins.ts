/**
 * Where a bearer token may go. A token is issued for one resource (its `aud`), and only that
 * resource's origin(s) may see it: Microsoft Graph and Azure Resource Manager per cloud are
 * known; any other resource named by an https URI stands for its own origin. A URL of a known
 * Microsoft API names its resource, the way `az rest` derives one.
 */
import type {ProviderRecord} from '../model/account.js';
import {clouds} from './clouds.js';
import {isLoopbackHost} from './loopback.js';

export interface KnownApi {
	name: string;
	/** The resource a token is requested for when only the URL names the API. */
	resource: string;
	/** Resource identifiers that stand for this API (compared case-insensitively). */
	identifiers: string[];
	origins: string[];
	/** For a URL on a shared origin (the local emulator): does this path belong to the API? */
	servesPath?: (pathname: string) => boolean;
}

const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access']);

/** Graph and Resource Manager of the provider's cloud; a loopback authority (the emulator) serves both on its own origin. */
export function knownApis(provider: Pick<ProviderRecord, 'kind' | 'cloud' | 'authorityHost'>): KnownApi[] {
	if (provider.kind !== 'entra') {
		return [];
	}

	const cloud = clouds[provider.cloud ?? 'global'];
	const local = localApiOrigin(provider.authorityHost);
	const withLocal = (origin: string) => (local ? [origin, local] : [origin]);
	const graphPath = (pathname: string) => /^\/(?:v1\.0|beta)(?:\/|$)/.test(pathname);
	return [
		{
			name: 'Microsoft Graph',
			resource: cloud.graph,
			identifiers: [cloud.graph, `${cloud.graph}/`],
			origins: withLocal(cloud.graph),
			...(local ? {servesPath: graphPath} : {}),
		},
		{
			name: 'Azure Resource Manager',
			resource: cloud.resourceManager,
			identifiers: [cloud.resourceManager, `${cloud.resourceManager}/`, cloud.azResource, cloud.azResource.replace(/\/$/, '')],
			origins: withLocal(cloud.resourceManager),
			...(local ? {servesPath: (pathname: string) => !graphPath(pathname)} : {}),
		},
	];
}

/** An http authority on loopback is a local emulator of the platform, which also serves the APIs. */
function localApiOrigin(authorityHost: string | undefined): string | undefined {
	if (!authorityHost) {
		return undefined;
	}

	const url = new URL(authorityHost);
	return url.protocol === 'http:' && isLoopbackHost(url.hostname) ? url.origin : undefined;
}

/** The known API a URL belongs to, if any. */
export function apiForUrl(apis: KnownApi[], url: URL): KnownApi | undefined {
	return apis.find(api => api.origins.includes(url.origin) && (url.origin !== api.origins[0] && api.servesPath ? api.servesPath(url.pathname) : true));
}

/**
 * The resource scopes name: `RESOURCE/permission` names RESOURCE (its trailing slash kept:
 * `https://management.core.windows.net//.default`); a bare Entra permission (`User.Read`)
 * names Microsoft Graph. OpenID scopes name none. Undefined when they name none.
 */
export function resourceOfScopes(scopes: string[], provider: Pick<ProviderRecord, 'kind' | 'cloud'>): string | undefined {
	for (const scope of scopes) {
		if (oidcScopes.has(scope.toLowerCase())) {
			continue;
		}

		const slash = scope.lastIndexOf('/');
		if (slash > 0) {
			return scope.slice(0, slash);
		}

		if (provider.kind === 'entra') {
			return clouds[provider.cloud ?? 'global'].graph;
		}
	}

	return undefined;
}

/**
 * The origins a token for `resource` may be sent to: a known API's, else the origin of an
 * https resource URI. Empty for identifiers that name no place (`api://...`, an app id).
 */
export function originsOfResource(apis: KnownApi[], resource: string): string[] {
	const wanted = resource.toLowerCase();
	const api = apis.find(candidate => candidate.identifiers.some(identifier => identifier.toLowerCase() === wanted));
	if (api) {
		return api.origins;
	}

	try {
		const url = new URL(resource);
		return url.protocol === 'https:' ? [url.origin] : [];
	} catch {
		return [];
	}
}
