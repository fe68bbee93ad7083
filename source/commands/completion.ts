/**
 * msid completion SHELL: the completion script alone. The scripts are small and the same for
 * every msid version: on each Tab they ask `msid __complete`, which answers from the command
 * declarations, so what they offer can never lag behind the commands.
 */
import {UsageError} from '../model/errors.js';
import {completionText} from '../shell-env/hooks.js';
import type {Command, CommandIo} from './context.js';
import {completionShells, type completionSpec} from './spec/completion.js';

export const completion: Command<typeof completionSpec> = async ({positionals}, {stdout}: CommandIo) => {
	const [shell] = positionals;
	const known = completionShells.find(candidate => candidate === (shell === 'powershell' ? 'pwsh' : shell));
	if (!known) {
		throw new UsageError(shell === undefined
			? 'msid completion needs a shell: bash, zsh, fish or pwsh.'
			: `There is no completion for ${JSON.stringify(shell)}: use bash, zsh, fish or pwsh.`);
	}

	stdout.write(completionText(known));
	return 0;
};
