import {defineCommand} from './define.js';

export const useSpec = defineCommand({
	name: 'use',
	summary: 'set the default account (and tenant)',
	description: 'Sets the default account (and its active tenant).',
	arguments: [{name: 'ACCOUNT', complete: 'account', description: 'account name, alias or unique prefix'}],
	options: {
		tenant: {type: 'string', value: 'T', description: 'also make tenant T (its id or verified domain, as msid list shows) the account\'s active tenant'},
	},
	examples: [
		{command: 'msid use alice@contoso.onmicrosoft.com', description: 'make alice the default account'},
		{command: 'msid use alice --tenant fabrikam.onmicrosoft.com', description: 'and switch her to another tenant'},
	],
});
