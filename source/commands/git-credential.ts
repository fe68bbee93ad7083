/**
 * msid git-credential: the credential helper git runs (`msid setup-git` configures it). git
 * appends the operation (get, store, erase) and writes the request on stdin; the answer goes to
 * stdout, where git reads it. Operations it does not know are ignored, as git-credential(1) asks.
 */
import {answerCredentialRequest, type CredentialOperation} from '../app/integrations/git-credential.js';
import {UsageError} from '../model/errors.js';
import type {Command} from './context.js';
import type {gitCredentialSpec} from './spec/git.js';

const operations: readonly string[] = ['get', 'store', 'erase'];
/** git's requests are a few short lines; anything longer is not git. */
const maxRequestBytes = 64 * 1024;

export const gitCredential: Command<typeof gitCredentialSpec> = async ({positionals}, {services, stdin, stdout, signal}) => {
	const operation = positionals.at(-1);
	if (operation === undefined) {
		throw new UsageError('Name the operation git asks for: get, store or erase.', 'msid setup-git configures git to run this command.');
	}

	if (!operations.includes(operation)) {
		return 0;
	}

	const input = await readRequest(stdin);
	const account = positionals.length === 2 ? positionals[0] : undefined;
	stdout.write(await answerCredentialRequest(services, {operation: operation as CredentialOperation, input, ...(account ? {account} : {}), signal}));
	return 0;
};

async function readRequest(stdin: NodeJS.ReadableStream): Promise<string> {
	let text = '';
	for await (const chunk of stdin) {
		text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
		if (text.length > maxRequestBytes) {
			throw new UsageError('The credential request on stdin is too long for git\'s protocol.');
		}
	}

	return text;
}
