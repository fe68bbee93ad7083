import {defineCommand} from './define.js';
import {scopeOption} from './shared.js';

export const loginSpec = defineCommand({
	name: 'login',
	summary: 'sign in (device code by default)',
	description: 'Signs in (device code by default). With ACCOUNT, signs that account in again with its own settings.\n'
		+ 'Client secrets and passwords are read from a hidden prompt or standard input, never from arguments.',
	arguments: [{name: 'ACCOUNT', optional: true, complete: 'account', description: 'an existing account to sign in again with its own settings'}],
	options: {
		provider: {type: 'string', value: 'PROVIDER', choices: ['entra', 'auth0', 'oidc', 'b2c', 'ciam'], description: 'identity provider (default entra; b2c or ciam for an --issuer on b2clogin.com or ciamlogin.com)'},
		flow: {
			type: 'string',
			value: 'FLOW',
			choices: ['device-code', 'browser', 'client-secret', 'certificate', 'environment', 'password'],
			description: 'how to sign in (default device-code, or the account\'s own)',
		},
		cloud: {type: 'string', value: 'CLOUD', choices: ['global', 'usgov', 'china'], description: 'Entra national cloud (default global)'},
		tenant: {type: 'string', value: 'T', description: 'Entra tenant: a domain, a tenant id, organizations, common or consumers (default organizations)'},
		issuer: {type: 'string', value: 'URL', description: 'issuer of an Auth0 or OpenID provider, or the authority of a B2C user flow or an External ID tenant (https; http only on this machine)'},
		'client-id': {type: 'string', value: 'ID', description: 'application (client) id (Entra default: Microsoft Graph Command Line Tools)'},
		scope: scopeOption,
		audience: {type: 'string', value: 'A', description: 'API audience to ask Auth0 for'},
		certificate: {type: 'string', value: 'PEM', complete: 'file', description: 'PEM file with the private key and the certificate (--flow certificate)'},
		username: {type: 'string', value: 'U', description: 'user name (--flow password)'},
		name: {type: 'string', value: 'ALIAS', description: 'name the account ALIAS instead of user@tenant'},
		claims: {type: 'string', value: 'JSON', description: 'claims to ask for, e.g. from a conditional access challenge'},
		'no-browser': {type: 'boolean', description: 'print the sign-in URL instead of opening a browser'},
		'redirect-uri': {type: 'string', value: 'URL', description: 'the app\'s registered loopback redirect (--flow browser): http://localhost (Entra default) or http://127.0.0.1'},
	},
	examples: [
		{command: 'msid login', description: 'device code, Microsoft Graph CLI client, tenant "organizations"'},
		{command: 'msid login --tenant contoso.onmicrosoft.com --scope "openid profile offline_access User.Read Mail.Read"', description: 'one tenant, more scopes'},
		{command: 'msid login --flow browser', description: 'authorization code with PKCE in your browser'},
		{command: 'msid login --flow browser --client-id APP-ID --redirect-uri http://127.0.0.1', description: 'an app registered with http://127.0.0.1 instead of http://localhost'},
		{command: 'msid login --flow client-secret --tenant contoso.onmicrosoft.com --client-id APP-ID', description: 'an application; the secret from a hidden prompt or stdin'},
		{command: 'msid login --provider oidc --issuer https://id.example.com --client-id my-cli', description: 'any OpenID Connect issuer'},
		{command: 'msid login --issuer https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0 --client-id APP-ID', description: 'an Azure AD B2C user flow (browser sign-in)'},
		{command: 'msid login --issuer https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0 --client-id APP-ID', description: 'an Entra External ID (CIAM) tenant'},
		{command: 'msid login alice', description: 'sign an account in again after "needs sign-in"'},
	],
});
