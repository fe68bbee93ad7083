/**
 * The JSON schema every write of config.json must pass (config-store.ts applies it with ajv). It follows
 * ConfigData in account.ts: keep the two in step. Unknown fields are allowed, so that an older
 * msid can still update a config a newer one wrote.
 */
const string = {type: 'string'} as const;
const number = {type: 'number'} as const;
const strings = {type: 'array', items: string} as const;

const provider = {
	type: 'object',
	required: ['kind', 'clientId'],
	properties: {
		kind: {enum: ['entra', 'auth0', 'oidc', 'b2c', 'ciam']},
		cloud: {enum: ['global', 'usgov', 'china']},
		authorityHost: string,
		tenant: string,
		issuer: string,
		audience: string,
		clientId: string,
		endpoints: {type: 'object', required: ['issuer', 'token'], additionalProperties: string},
	},
} as const;

const tenant = {
	type: 'object',
	required: ['id', 'source'],
	properties: {id: string, name: string, domain: string, source: {enum: ['sign-in', 'arm']}},
} as const;

const token = {
	type: 'object',
	required: ['scopes', 'grantedScopes', 'expiresAt', 'obtainedAt', 'tokenType'],
	properties: {
		tenantId: string,
		cacheTenant: string,
		scopes: strings,
		grantedScopes: strings,
		expiresAt: number,
		obtainedAt: number,
		tokenType: string,
		audience: string,
		refreshAt: number,
		cae: {type: 'boolean'},
	},
} as const;

const account = {
	type: 'object',
	required: ['id', 'name', 'kind', 'provider', 'flow', 'scopes', 'tenants', 'store', 'tokens', 'createdAt'],
	properties: {
		id: {type: 'string', minLength: 1},
		name: string,
		alias: string,
		kind: {enum: ['user', 'application']},
		provider,
		flow: {enum: ['device-code', 'browser', 'client-secret', 'certificate', 'environment', 'password']},
		scopes: strings,
		username: string,
		displayName: string,
		subject: string,
		homeTenantId: string,
		activeTenantId: string,
		tenants: {type: 'array', items: tenant},
		store: {enum: ['keychain', 'file']},
		needsSignIn: {type: 'object', required: ['reason', 'at'], properties: {reason: string, code: string, at: number}},
		tokens: {type: 'object', additionalProperties: token},
		createdAt: number,
		lastRefreshAt: number,
		clockSkewMs: number,
		throttledUntil: number,
		flowSettings: {type: 'object', additionalProperties: string},
	},
} as const;

/** The top-level properties. */
export const configProperties = {
	version: {const: 1},
	defaultAccount: string,
	accounts: {type: 'object', additionalProperties: account},
} as const;

/** What applies to the top-level object itself. */
export const configRootSchema = {required: ['version', 'accounts']} as const;
