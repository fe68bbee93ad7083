import {defineCommand} from './define.js';

export const completionShells = ['bash', 'zsh', 'fish', 'pwsh'] as const;

export const completionSpec = defineCommand({
	name: 'completion',
	summary: 'print the shell completion script',
	description: 'Prints the completion script for commands, options and account names. The prompt hook\n'
		+ '(msid-env --hook SHELL) includes it, so the hook\'s one line in the rc file installs both.',
	arguments: [{name: 'SHELL', choices: completionShells, description: 'bash, zsh, fish or pwsh'}],
	options: {},
	examples: [
		{command: 'source <(msid completion bash)', description: 'completions alone, in ~/.bashrc'},
		{command: 'msid completion fish > ~/.config/fish/completions/msid.fish', description: 'fish loads it when needed'},
	],
	bare: true,
});
