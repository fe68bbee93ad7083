/**
 * The issuer Entra names for a tenant: `{host}/{tenant id}/v2.0` on the sign-in host, except where
 * real Entra names another host. The China cloud signs in at login.chinacloudapi.cn and issues as
 * login.partner.microsoftonline.cn (MSAL's endpoint metadata); an external (CIAM) tenant issues as
 * `https://{tenant id}.ciamlogin.com/{tenant id}/v2.0` whatever host it was reached at; a B2C tenant
 * as `https://{tenant}.b2clogin.com/{tenant id}/v2.0/` (the B2C docs' token reference, slash included).
 */
import type {Authority} from './authority.js';
import type {EmulatorContext} from './context.js';
import type {Tenant} from './directory.js';

/** Where the China cloud's issuers live, while its endpoints are on login.chinacloudapi.cn. */
export const CHINA_ISSUER_ORIGIN = 'https://login.partner.microsoftonline.cn';

export function tenantIssuer(context: EmulatorContext, tenant: Pick<Tenant, 'id' | 'kind'>): string {
	switch (tenant.kind) {
		case 'ciam': {
			return `https://${tenant.id}.ciamlogin.com/${tenant.id}/v2.0`;
		}

		case 'b2c': {
			return `${context.url}/${tenant.id}/v2.0/`;
		}

		default: {
			return `${context.settings.issuerOrigin ?? context.url}/${tenant.id}/v2.0`;
		}
	}
}

/** What discovery and the JWKS name: the tenant's issuer, or for common/organizations/consumers the template. */
export function authorityIssuer(context: EmulatorContext, authority: Authority): string {
	return authority.kind === 'tenant' ? tenantIssuer(context, authority.tenant) : tenantIssuer(context, {id: '{tenantid}'});
}
