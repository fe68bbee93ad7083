/**
 * Turns what the user asked for (provider, cloud, tenant, issuer...) into a ProviderRecord,
 * refusing malformed tenants and insecure issuers before any request is made.
 */
import {MsidError, UsageError} from '../model/errors.js';
import type {Cloud, ProviderKind, ProviderRecord} from '../model/account.js';
import {cloudOfHost, clouds, graphCliClientId, isCloud} from './clouds.js';
import {isCustomerAuthority, kindOfIssuerHost, normalizeAuthority} from './customer-authorities.js';
import {parseSecureUrl} from './loopback.js';

export interface ProviderInput {
	provider?: ProviderKind;
	cloud?: Cloud | string;
	tenant?: string;
	issuer?: string;
	clientId?: string;
	audience?: string;
}

const wellKnownTenants = new Set(['common', 'organizations', 'consumers']);
const guid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const domain = /^(?=.{1,253}$)(?:[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?\.)+[a-z]{2,63}$/i;

/** common, organizations, consumers: authorities that stand for many tenants, not one. */
export function isMultiTenant(tenant: string | undefined): boolean {
	return tenant !== undefined && wellKnownTenants.has(tenant.toLowerCase());
}

export function isTenantId(value: string): boolean {
	return guid.test(value);
}

/** common, organizations, consumers, a tenant GUID or a verified domain. */
export function checkTenant(tenant: string): string {
	const value = tenant.trim();
	if (isMultiTenant(value)) {
		return value.toLowerCase();
	}

	if (guid.test(value)) {
		return value.toLowerCase();
	}

	if (domain.test(value)) {
		return value.toLowerCase();
	}

	throw new UsageError(
		`"${tenant}" is not a tenant: use common, organizations, consumers, a tenant id (GUID) or a domain such as contoso.onmicrosoft.com.`,
	);
}

export function entraAuthorityHost(cloud: Cloud, env: NodeJS.ProcessEnv): string {
	return (authorityHostOverride(env) ?? new URL(clouds[cloud].authorityHost)).origin;
}

function authorityHostOverride(env: NodeJS.ProcessEnv): URL | undefined {
	const override = env.AZURE_AUTHORITY_HOST?.trim();
	return override ? parseSecureUrl(override, 'authority host (AZURE_AUTHORITY_HOST)') : undefined;
}

/**
 * The cloud named, else the one AZURE_AUTHORITY_HOST belongs to (as the Azure SDKs pick Graph and
 * Resource Manager from it), else global. A host of one cloud with another cloud named is refused.
 */
function entraCloud(named: string | undefined, env: NodeJS.ProcessEnv): Cloud {
	const override = authorityHostOverride(env);
	const hostCloud = override ? cloudOfHost(override) : undefined;
	const cloud = named ?? hostCloud ?? 'global';
	if (!isCloud(cloud)) {
		throw new UsageError(`Unknown cloud "${cloud}": it is global, usgov or china.`, {kind: 'give-setting', setting: 'cloud'});
	}

	if (hostCloud && hostCloud !== cloud) {
		throw new UsageError(`AZURE_AUTHORITY_HOST (${override!.host}) belongs to the ${hostCloud} cloud, but the ${cloud} cloud was asked for: make them agree or unset AZURE_AUTHORITY_HOST.`, {kind: 'give-setting', setting: 'cloud', value: hostCloud});
	}

	return cloud;
}

export function resolveProvider(input: ProviderInput, env: NodeJS.ProcessEnv): ProviderRecord {
	const kind = input.provider ?? (input.issuer ? kindOfIssuerHost(issuerUrl(input.issuer)) : 'entra');
	if (kind === 'entra') {
		const cloud = entraCloud(input.cloud, env);
		if (input.issuer) {
			throw new UsageError('An issuer is for OIDC and Auth0 providers; Entra takes a cloud and a tenant (or AZURE_AUTHORITY_HOST) instead.', {kind: 'give-setting', setting: 'provider'});
		}

		return {
			kind,
			cloud,
			authorityHost: entraAuthorityHost(cloud, env),
			tenant: checkTenant(input.tenant ?? 'organizations'),
			clientId: input.clientId ?? graphCliClientId,
		};
	}

	if (input.tenant || (input.cloud && input.cloud !== 'global')) {
		throw new UsageError(`A tenant and a cloud are Entra settings; ${kind} takes an issuer instead.`, {kind: 'give-setting', setting: 'issuer'});
	}

	const name = providerNames[kind];
	if (!input.issuer) {
		throw new UsageError(`${name} needs ${issuerExamples[kind]} and a client id.`, {kind: 'give-setting', setting: 'issuer'});
	}

	if (!input.clientId) {
		throw new UsageError(`${name} needs the application's client id.`, {kind: 'give-setting', setting: 'client-id'});
	}

	const given = issuerUrl(input.issuer);
	const issuer = isCustomerAuthority(kind) ? normalizeAuthority(kind, given) : given;
	return {
		kind,
		issuer: issuer.href,
		clientId: input.clientId,
		...(input.audience ? {audience: input.audience} : {}),
	};
}

const providerNames: Record<Exclude<ProviderKind, 'entra'>, string> = {auth0: 'Auth0', oidc: 'OIDC', b2c: 'Azure AD B2C', ciam: 'Entra External ID'};
const issuerExamples: Record<Exclude<ProviderKind, 'entra'>, string> = {
	auth0: 'an issuer (https://YOUR-DOMAIN/, your tenant domain)',
	oidc: 'an issuer URL',
	b2c: 'the user flow\'s authority (https://TENANT.b2clogin.com/TENANT.onmicrosoft.com/B2C_1_FLOW/v2.0)',
	ciam: 'the tenant\'s authority (https://TENANT.ciamlogin.com/TENANT.onmicrosoft.com/v2.0)',
};

/** An issuer as given, `https://` assumed when no scheme is; http only on loopback. */
function issuerUrl(value: string): URL {
	return parseSecureUrl(/^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `https://${value}`, 'issuer');
}

/** The issuer identifier discovery is fetched from. For Entra: `{host}/{tenant}/v2.0`. */
export function discoveryIssuer(provider: ProviderRecord, tenant = provider.tenant): URL {
	if (provider.kind === 'entra') {
		return new URL(`${provider.authorityHost}/${tenant}/v2.0`);
	}

	if (!provider.issuer) {
		throw new MsidError('config-corrupt', 'The account has no issuer in its configuration.', {remedy: {kind: 'sign-in'}});
	}

	return new URL(provider.issuer);
}
