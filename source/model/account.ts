/**
 * What config.json holds about an account: metadata only. Tokens, refresh tokens, client
 * secrets and private keys live in the SecretStore under the keys of secret-keys.ts.
 */
/** `b2c` (Azure AD B2C user flows) and `ciam` (Entra External ID tenants) are OIDC providers on Microsoft's platform. */
export type ProviderKind = 'entra' | 'auth0' | 'oidc' | 'b2c' | 'ciam';
export type Cloud = 'global' | 'usgov' | 'china';
export type FlowKind = 'device-code' | 'browser' | 'client-secret' | 'certificate' | 'environment' | 'password';

export interface ProviderRecord {
	kind: ProviderKind;
	/** Entra only. */
	cloud?: Cloud;
	/** Entra: the authority host in use (cloud default or AZURE_AUTHORITY_HOST), no trailing slash. */
	authorityHost?: string;
	/** Entra: the tenant the user signed in with (common, organizations, a GUID or a domain). */
	tenant?: string;
	/** Auth0 and OIDC: the issuer URL; B2C and External ID: the authority (`.../v2.0`). For Entra it is derived from authorityHost and tenant. */
	issuer?: string;
	/** Auth0: the API identifier sent as `audience`. */
	audience?: string;
	clientId: string;
	/** Endpoints learnt from discovery at sign-in, so a refresh needs no discovery request. */
	endpoints?: ProviderEndpoints;
}

export interface ProviderEndpoints {
	issuer: string;
	token: string;
	deviceAuthorization?: string;
	authorization?: string;
	jwks?: string;
	revocation?: string;
}

export interface TenantRecord {
	id: string;
	name?: string;
	domain?: string;
	/** Where msid learnt of it. */
	source: 'sign-in' | 'arm';
}

/** Metadata about one cached access token; the token itself is in the SecretStore. */
export interface TokenRecord {
	tenantId?: string;
	/**
	 * The tenant the token was asked for ('' for none). With `scopes` it is what the record's
	 * cache key is made of, so the key is found again without hashing. Absent in older records.
	 */
	cacheTenant?: string;
	/** Scopes as requested, in the order the user gave them. */
	scopes: string[];
	/** The token response's `scope`, split. */
	grantedScopes: string[];
	/** Epoch milliseconds, on the local clock (already corrected for server skew). */
	expiresAt: number;
	/** Epoch milliseconds of the sign-in or refresh that produced it. */
	obtainedAt: number;
	tokenType: string;
	audience?: string;
	/** Epoch ms from the response's `refresh_in`: renew from then on, though the token lives longer. */
	refreshAt?: number;
	/** A continuous access evaluation token (asked for with the cp1 capability): only for callers that answer claims challenges. */
	cae?: boolean;
}

export interface AccountRecord {
	/** Stable key used in secret keys; never shown as the account's name. */
	id: string;
	/** What the user calls it: the alias, else username@tenant-domain / client-id@tenant / sub@issuer-host. */
	name: string;
	alias?: string;
	kind: 'user' | 'application';
	provider: ProviderRecord;
	flow: FlowKind;
	/** Scopes the user asked for at sign-in. */
	scopes: string[];
	username?: string;
	displayName?: string;
	/** oid for Entra, sub otherwise. */
	subject?: string;
	homeTenantId?: string;
	activeTenantId?: string;
	tenants: TenantRecord[];
	/** Where this account's secrets are. */
	store: 'keychain' | 'file';
	/** Set when a silent refresh can no longer work; cleared by a successful sign-in. */
	needsSignIn?: {reason: string; code?: string; at: number};
	/** Keyed by tokenCacheKey(). */
	tokens: Record<string, TokenRecord>;
	createdAt: number;
	lastRefreshAt?: number;
	/** Last measured server clock minus local clock, when it exceeded a minute. */
	clockSkewMs?: number;
	/** Epoch ms: the provider throttled this account's requests (429 Retry-After); no token request before then. */
	throttledUntil?: number;
	/** Non-secret flow settings (certificate path, username for password flow...). */
	flowSettings?: Record<string, string>;
}

export interface ConfigData {
	version: 1;
	defaultAccount?: string;
	accounts: Record<string, AccountRecord>;
}
