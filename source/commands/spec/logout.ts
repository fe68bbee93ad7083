import {defineCommand} from './define.js';

export const logoutSpec = defineCommand({
	name: 'logout',
	summary: 'sign out an account, or --all',
	description: 'Removes the account\'s tokens and secrets from the keychain and the account from config.',
	arguments: [{name: 'ACCOUNT', optional: true, complete: 'account', description: 'account name, alias or unique prefix (default: the default account)'}],
	options: {all: {type: 'boolean', description: 'sign out every account'}},
	examples: [
		{command: 'msid logout alice', description: 'any unique prefix selects an account'},
		{command: 'msid logout --all', description: 'every account'},
	],
});
