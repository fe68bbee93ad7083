/** Which handler answers which path: the identity platform's layout on one loopback host. */
import {resolveAuthority, tenantNotFound} from './authority.js';
import {handleDeviceAuthorization} from './endpoints/device-authorization.js';
import {handleDiscovery} from './endpoints/discovery.js';
import {handleErrorPage} from './endpoints/error-page.js';
import {handleJwks} from './endpoints/jwks.js';
import {handleToken} from './endpoints/token.js';
import {AadstsError} from './aadsts-error.js';
import {handleControl} from './control.js';
import {handleAuthorize} from './pages/authorize.js';
import {handleDeviceLogin} from './pages/device-login.js';
import {handleArmTenants} from './resources/arm-tenants.js';
import {handleGraphMe} from './resources/graph-me.js';
import type {Authority} from './authority.js';
import type {EmulatorContext} from './context.js';
import type {Exchange} from './http.js';
import type {StatsEndpoint} from './stats.js';

export interface Route {
	endpoint: StatsEndpoint;
	/** The `{tenant}` path segment, for routes under an authority. */
	tenant?: string;
	/** Errors of browser-facing routes are shown as a page, not a JSON body. */
	presentation?: 'page';
	handle(context: EmulatorContext, exchange: Exchange): void | Promise<void>;
}

type AuthorityHandler = (context: EmulatorContext, exchange: Exchange, authority: Authority) => void | Promise<void>;

const AUTHORITY_ROUTES: Array<{suffix: string; endpoint: StatsEndpoint; methods: string[]; handle: AuthorityHandler; tenantError?: string; presentation?: 'page'}> = [
	{suffix: 'v2.0/.well-known/openid-configuration', endpoint: 'discovery', methods: ['GET'], handle: handleDiscovery, tenantError: 'invalid_tenant'},
	{suffix: 'discovery/v2.0/keys', endpoint: 'jwks', methods: ['GET'], handle: handleJwks, tenantError: 'invalid_tenant'},
	{suffix: 'oauth2/v2.0/devicecode', endpoint: 'devicecode', methods: ['POST'], handle: handleDeviceAuthorization},
	{suffix: 'oauth2/v2.0/token', endpoint: 'token', methods: ['POST'], handle: handleToken},
	{suffix: 'oauth2/v2.0/authorize', endpoint: 'authorize', methods: ['GET', 'POST'], handle: handleAuthorize, presentation: 'page'},
];

const FIXED_ROUTES: Array<{path: string; endpoint: StatsEndpoint; handle: Route['handle']}> = [
	{path: '/devicelogin', endpoint: 'devicelogin', handle: handleDeviceLogin},
	{path: '/error', endpoint: 'error', handle: handleErrorPage},
	{path: '/v1.0/me', endpoint: 'me', handle: handleGraphMe},
	{path: '/tenants', endpoint: 'tenants', handle: handleArmTenants},
];

/** B2C user flows (`B2C_1_...`) and custom policies (`B2C_1A_...`): `/{tenant}/{policy}/{endpoint}`; B2C has no device code. */
const b2cPath = /^\/([^/]+)\/(b2c_1a?_[^/]+)\/(.+)$/i;

export function findRoute(pathname: string, method: string): Route | undefined {
	if (pathname.startsWith('/__emulator/')) {
		return {endpoint: 'control', handle: handleControl};
	}

	const fixed = FIXED_ROUTES.find(route => route.path === pathname);
	if (fixed) {
		return fixed;
	}

	const [, b2cTenant, policy, b2cSuffix] = b2cPath.exec(pathname) ?? [];
	const slash = pathname.indexOf('/', 1);
	const suffix = b2cSuffix ?? pathname.slice(slash + 1);
	const route = slash > 1 ? AUTHORITY_ROUTES.find(candidate => candidate.suffix === suffix && !(policy && candidate.endpoint === 'devicecode')) : undefined;
	const tenant = route ? safeDecode(b2cTenant ?? pathname.slice(1, slash)) : undefined;
	if (!route || tenant === undefined) {
		return undefined;
	}

	return {
		endpoint: route.endpoint,
		tenant,
		...(route.presentation ? {presentation: route.presentation} : {}),
		async handle(context, exchange) {
			if (!route.methods.includes(method)) {
				throw new AadstsError('invalid_request', 900_561, `The endpoint only accepts ${route.methods.join(', ')} requests. Received a ${method} request.`);
			}

			let authority: Authority;
			try {
				authority = withPolicy(resolveAuthority(context.directory, tenant), policy);
			} catch (error) {
				throw error instanceof AadstsError && route.tenantError ? tenantNotFound(tenant, route.tenantError) : error;
			}

			await route.handle(context, exchange, authority);
		},
	};
}

/** A B2C tenant is served through its user flows only, and a user flow only in a B2C tenant. */
function withPolicy(authority: Authority, policy: string | undefined): Authority {
	const b2c = authority.kind === 'tenant' && authority.tenant.kind === 'b2c';
	if (b2c !== (policy !== undefined)) {
		throw tenantNotFound(authority.segment);
	}

	return policy && authority.kind === 'tenant' ? {...authority, policy: policy.toLowerCase()} : authority;
}

function safeDecode(segment: string): string | undefined {
	try {
		return decodeURIComponent(segment);
	} catch {
		return undefined;
	}
}
