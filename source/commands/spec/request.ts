import {defineCommand} from './define.js';
import {resourceOption, scopeOption} from './shared.js';

export const requestMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export const requestSpec = defineCommand({
	name: 'request',
	summary: 'call an API with a token, answering claims challenges',
	description: 'Calls URL with a fresh token for the API it belongs to, and sends the token to no other origin: Microsoft Graph and\n'
		+ 'Azure Resource Manager URLs need no --resource; for any other API name its resource (App ID URI) with --resource or --scope.\n'
		+ 'On a claims challenge, gets a token with those claims (silently when possible, else by signing in again) and retries once.\n'
		+ 'The response body goes to stdout; an answer other than 2xx exits 1.',
	arguments: [
		{name: 'ACCOUNT', optional: true, complete: 'account', description: 'account name, alias or unique prefix (default: the default account)'},
		{name: 'METHOD', choices: requestMethods, description: 'HTTP method'},
		{name: 'URL', description: 'https URL (http only on this machine)'},
	],
	options: {
		data: {type: 'string', value: 'BODY', description: 'request body; JSON is sent as application/json, anything else as a form'},
		header: {type: 'string', multiple: true, value: '"Name: value"', description: 'extra request header; repeat it for more'},
		scope: scopeOption,
		resource: resourceOption,
	},
	examples: [
		{command: 'msid request GET https://graph.microsoft.com/v1.0/me', description: 'your Graph profile'},
		{command: 'msid request --resource https://vault.azure.net GET https://myvault.vault.azure.net/secrets?api-version=7.4', description: 'another API, named deliberately'},
	],
});
