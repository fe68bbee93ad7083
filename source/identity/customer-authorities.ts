/**
 * Azure AD B2C user flows and Entra External ID ("CIAM") tenants: OpenID providers on Microsoft's
 * platform whose discovery document names an issuer that is not the URL it was fetched from.
 * A B2C user flow `https://T.b2clogin.com/T.onmicrosoft.com/B2C_1_flow/v2.0` publishes
 * `https://T.b2clogin.com/{tenant id}/v2.0/` (or, when the flow is set so, the
 * `/tfp/{tenant id}/{flow}/v2.0/` form); an external tenant `https://T.ciamlogin.com/T.onmicrosoft.com/v2.0`
 * publishes `https://{tenant id}.ciamlogin.com/{tenant id}/v2.0`. Only those forms are accepted:
 * the issuer check stays on, shaped to what each authority type legitimately publishes.
 */
import type {ProviderKind} from '../model/account.js';
import {MsidError, UsageError} from '../model/errors.js';

export type CustomerAuthority = 'b2c' | 'ciam';

const guid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const policyName = /^b2c_1a?_[\w-]+$/i;

export function isCustomerAuthority(kind: ProviderKind): kind is CustomerAuthority {
	return kind === 'b2c' || kind === 'ciam';
}

/**
 * Entra and the customer authorities share the platform's rules: app registrations hold
 * `http://localhost`, offline_access needs no consent prompt, the token endpoint wants the scopes again.
 */
export function onMicrosoftPlatform(kind: ProviderKind): boolean {
	return kind === 'entra' || isCustomerAuthority(kind);
}

/** The kind an issuer URL's host stands for when no provider is named: B2C and External ID hosts are recognised. */
export function kindOfIssuerHost(issuer: URL): ProviderKind {
	const host = issuer.hostname.toLowerCase();
	if (host.endsWith('.b2clogin.com')) {
		return 'b2c';
	}

	return host.endsWith('.ciamlogin.com') ? 'ciam' : 'oidc';
}

/** The authority in the form discovery is fetched from: `.../v2.0`, MSAL's shorter forms completed. */
export function normalizeAuthority(kind: CustomerAuthority, url: URL): URL {
	const segments = url.pathname.split('/').filter(Boolean);
	if (segments.at(-1)?.toLowerCase() === 'v2.0') {
		segments.pop();
	}

	if (kind === 'ciam' && segments.length === 0 && url.hostname.toLowerCase().endsWith('.ciamlogin.com')) {
		// MSAL's short form https://T.ciamlogin.com/ stands for the tenant T.onmicrosoft.com.
		segments.push(`${url.hostname.split('.')[0]!}.onmicrosoft.com`);
	}

	const shapeOk = kind === 'b2c'
		? segments.length === (segments[0]?.toLowerCase() === 'tfp' ? 3 : 2) && policyName.test(segments.at(-1)!)
		: segments.length === 1;
	if (!shapeOk || url.search !== '' || url.hash !== '') {
		throw new UsageError(
			kind === 'b2c'
				? `"${url.href}" is not a B2C user flow's authority: give https://TENANT.b2clogin.com/TENANT.onmicrosoft.com/B2C_1_FLOW/v2.0, with the user flow's name.`
				: `"${url.href}" is not an External ID tenant's authority: give https://TENANT.ciamlogin.com/TENANT.onmicrosoft.com/v2.0 (or the tenant id instead of the domain).`,
			{kind: 'give-setting', setting: 'issuer'},
		);
	}

	return new URL(`${url.origin}/${segments.join('/')}/v2.0`);
}

/** Refuses a discovery document whose issuer is not one this authority type publishes for this tenant. */
export function checkCustomerIssuer(kind: CustomerAuthority, authority: URL, published: string): void {
	if (!customerIssuerOk(kind, authority, published)) {
		const form = kind === 'b2c'
			? `${authority.host} naming the tenant id`
			: `the tenant id, on ${authority.host} or on {tenant id}.ciamlogin.com`;
		throw new MsidError(
			'bad-response',
			`${authority.host} published the issuer ${published}, which is not one ${kind === 'b2c' ? 'a B2C user flow' : 'an External ID tenant'} publishes (${form}), so it cannot be trusted: nothing was saved.`,
			{facts: {host: authority.host}},
		);
	}
}

function customerIssuerOk(kind: CustomerAuthority, authority: URL, published: string): boolean {
	let issuer: URL;
	try {
		issuer = new URL(published);
	} catch {
		return false;
	}

	if (issuer.search !== '' || issuer.hash !== '' || issuer.username !== '' || issuer.password !== '' || issuer.href !== published) {
		return false;
	}

	const segments = authority.pathname.split('/').filter(Boolean).slice(0, -1);
	const tenant = segments[segments[0]?.toLowerCase() === 'tfp' ? 1 : 0] ?? '';
	const named = (id: string) => guid.test(id) && (!guid.test(tenant) || id.toLowerCase() === tenant.toLowerCase());
	const plain = /^\/([^/]+)\/v2\.0\/?$/.exec(issuer.pathname)?.[1];
	if (kind === 'ciam') {
		return plain !== undefined && named(plain) && (issuer.origin === authority.origin || issuer.origin === `https://${plain.toLowerCase()}.ciamlogin.com`);
	}

	if (issuer.origin !== authority.origin) {
		return false;
	}

	if (plain !== undefined) {
		return named(plain);
	}

	const [, id, policy] = /^\/tfp\/([^/]+)\/([^/]+)\/v2\.0\/?$/.exec(issuer.pathname) ?? [];
	return id !== undefined && named(id) && policy?.toLowerCase() === segments.at(-1)?.toLowerCase();
}
