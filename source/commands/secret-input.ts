/**
 * Reads a secret the way a careful CLI does: a hidden prompt on a terminal, else standard
 * input (for scripts: `printf %s "$SECRET" | msid login ...`). Never from argv, where every
 * other user on the machine can read it in the process list.
 */
import {CancelledError, UsageError} from '../model/errors.js';

export interface SecretInput {
	stdin: NodeJS.ReadStream;
	stderr: NodeJS.WritableStream;
}

export async function readSecret(label: string, io: SecretInput): Promise<string> {
	const value = io.stdin.isTTY ? await promptHidden(label, io) : await readAll(io.stdin);
	if (value === '') {
		throw new UsageError(`No ${label} was given: type it at the prompt or pipe it to standard input.`);
	}

	return value;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
	let text = '';
	for await (const chunk of stream) {
		text += chunk.toString();
	}

	// One trailing newline is the shell's, not the secret's.
	return text.replace(/\r?\n$/, '');
}

async function promptHidden(label: string, io: SecretInput): Promise<string> {
	const {stdin, stderr} = io;
	stderr.write(`${label[0]!.toUpperCase()}${label.slice(1)}: `);
	stdin.setRawMode(true);
	stdin.resume();
	stdin.setEncoding('utf8');
	try {
		return await new Promise<string>((resolve, reject) => {
			let value = '';
			const onData = (chunk: string) => {
				for (const character of chunk) {
					if (character === '\r' || character === '\n') {
						stdin.off('data', onData);
						resolve(value);
						return;
					}

					if (character === '\u0003') {
						stdin.off('data', onData);
						reject(new CancelledError());
						return;
					}

					value = character === '\u007F' || character === '\b' ? value.slice(0, -1) : value + character;
				}
			};

			stdin.on('data', onData);
		});
	} finally {
		stdin.setRawMode(false);
		stdin.pause();
		stderr.write('\n');
	}
}
