import {defineCommand} from './define.js';

export const allowSpec = defineCommand({
	name: 'allow',
	summary: 'let this directory\'s .msid.json choose the shell\'s token',
	description: 'Lets the nearest .msid.json choose what the shell hook exports (again after every change); --revoke withdraws that.',
	options: {revoke: {type: 'boolean', description: 'withdraw the permission'}},
	examples: [{command: 'msid allow', description: 'trust the nearest .msid.json as it is now'}],
});
