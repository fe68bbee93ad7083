import {tokenFormats} from '../token-formats.js';
import {defineCommand} from './define.js';
import {accountArgument, resourceOption, scopeOption} from './shared.js';

export const tokenSpec = defineCommand({
	name: 'token',
	summary: 'print a fresh access token',
	description: 'Prints a fresh access token, refreshing it when fewer than 5 minutes (or half its lifetime) remain. The token is the only thing on stdout.',
	arguments: [accountArgument],
	options: {
		scope: scopeOption,
		resource: resourceOption,
		tenant: {type: 'string', value: 'T', description: 'a token for another tenant of the account, without a new sign-in'},
		format: {type: 'string', value: 'FORMAT', choices: tokenFormats, description: 'raw (default), json, az (like az account get-access-token, and without --scope/--resource for the resource az asks for) or k8s (ExecCredential)'},
		copy: {type: 'boolean', description: 'also put the token on the clipboard, cleared after 45 s if still there'},
		claims: {type: 'string', value: 'JSON', description: 'claims to ask for (skips the cache)'},
		force: {type: 'boolean', description: 'refresh even when the cached token is still fresh'},
		cae: {type: 'boolean', description: 'a continuous access evaluation token (long-lived, revocable mid-life): only for a caller that answers claims challenges'},
	},
	examples: [
		{command: 'msid token', description: 'the default account\'s token for its own scopes'},
		{command: 'msid token --resource https://management.azure.com --format json', description: 'for Azure Resource Manager, as JSON'},
		{command: 'msid token --format k8s', description: 'an ExecCredential for a kubeconfig exec plugin'},
	],
});
