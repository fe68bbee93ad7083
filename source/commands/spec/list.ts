import {defineCommand} from './define.js';
import {jsonOption} from './shared.js';

export const listSpec = defineCommand({
	name: 'list',
	summary: 'accounts, their tenants and state',
	description: 'Lists signed-in accounts, their tenants and state (valid, expiring, needs sign-in); * marks the default.',
	options: {json: {...jsonOption, description: 'print JSON for scripts (metadata only, never a secret)'}},
	examples: [{command: 'msid list --json', description: 'the accounts as JSON'}],
});
