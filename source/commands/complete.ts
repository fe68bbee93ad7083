/**
 * msid __complete --word=W1 --word=W2...: what the completion scripts insert. Account names come from
 * config.json alone, read the cheap way: no keychain, no network, no runtime. A config that
 * cannot be read offers no names rather than an error in the middle of the user's typing.
 */
import {readConfig} from '../storage/config-read.js';
import {completeWords, completionLines} from './complete-words.js';
import type {Command, CommandIo} from './context.js';
import type {completeSpec} from './spec/internal.js';

export const complete: Command<typeof completeSpec> = async ({options}, {env, stdout}: CommandIo) => {
	stdout.write(completionLines(completeWords(options.word ?? [], () => accountNames(env))));
	return 0;
};

function accountNames(env: NodeJS.ProcessEnv): string[] {
	try {
		return Object.values(readConfig(env).accounts).map(account => account.name);
	} catch {
		return [];
	}
}
