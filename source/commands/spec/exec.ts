import {defineCommand} from './define.js';
import {accountArgument, resourceOption, scopeOption} from './shared.js';

export const execSpec = defineCommand({
	name: 'exec',
	summary: 'run a command with a fresh token in its environment',
	description: 'Runs COMMAND with a fresh access token in its environment only: MSID_ACCESS_TOKEN (or NAME),\n'
		+ 'MSID_TOKEN_EXPIRES_ON, MSID_ACCOUNT and MSID_TENANT_ID. Exits with the command\'s status.',
	arguments: [accountArgument],
	rest: {name: 'COMMAND [ARGS...]', description: 'the command to run and its arguments, after --'},
	options: {
		scope: scopeOption,
		resource: resourceOption,
		var: {type: 'string', value: 'NAME', description: 'put the token in NAME instead of MSID_ACCESS_TOKEN'},
		'serve-identity': {
			type: 'boolean',
			description: 'also serve the account\'s tokens for any resource on a managed-identity endpoint on 127.0.0.1 while COMMAND runs '
				+ '(IDENTITY_ENDPOINT and IDENTITY_HEADER for Azure SDKs, ARM_MSI_ENDPOINT for Terraform)',
		},
	},
	examples: [
		{command: 'msid exec -- az account show', description: 'a command with the default account\'s token'},
		{command: 'msid exec --serve-identity -- terraform plan', description: 'Azure SDKs and Terraform get tokens as from a managed identity'},
		{command: 'msid exec work --resource https://management.azure.com --var ARM_TOKEN -- ./deploy.sh', description: 'another account, resource and variable'},
	],
});
