import {defineCommand} from './define.js';
import {accountArgument, jsonOption} from './shared.js';

export const scopesSpec = defineCommand({
	name: 'scopes',
	summary: 'scope audit of an account\'s tokens',
	description: 'Scope audit per token: requested, granted, missing, extra and risky permissions. The token itself is never printed.',
	arguments: [accountArgument],
	options: {json: jsonOption},
	examples: [{command: 'msid scopes --json', description: 'the default account\'s audit as JSON'}],
});
