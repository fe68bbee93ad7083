/** Azure Repos over https: git asks msid for credentials. */
import {defineCommand} from './define.js';
import {accountArgument} from './shared.js';

export const setupGitSpec = defineCommand({
	name: 'setup-git',
	summary: 'make git get Azure Repos credentials from msid',
	description: 'Configures git (--global) to ask msid git-credential for https://dev.azure.com and\n'
		+ 'https://*.visualstudio.com, like gh auth setup-git: ACCOUNT\'s credentials, or the default\n'
		+ 'account\'s at the time. Running it again changes nothing.',
	arguments: [accountArgument],
	options: {},
	examples: [
		{command: 'msid setup-git work', description: 'git clone https://dev.azure.com/ORG/PROJECT/_git/REPO then signs in as work'},
	],
});

export const gitCredentialSpec = defineCommand({
	name: 'git-credential',
	summary: 'git\'s credential helper for Azure Repos (git runs it)',
	description: 'Speaks git\'s credential-helper protocol on stdin and stdout: get on https://dev.azure.com or\n'
		+ 'https://ORG.visualstudio.com answers with the account\'s user name and an Azure DevOps token;\n'
		+ 'other hosts get no answer; store and erase do nothing. msid setup-git configures git to run it.',
	arguments: [
		accountArgument,
		{name: 'OPERATION', description: 'what git asks for: get, store or erase', choices: ['get', 'store', 'erase']},
	],
	options: {},
});
