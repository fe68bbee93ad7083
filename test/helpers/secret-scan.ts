/**
 * Does a file hold a secret, or a sizeable part of one, in any spelling a careless write could
 * give it: as is, JSON-escaped, hex, or base64 / base64url at any of the three alignments a
 * substring can have inside a longer base64 text?
 */
import {readFile} from 'node:fs/promises';
import {listFiles} from './state-snapshot.js';

/** Overlapping 16-character pieces: a file holding any sizeable part of a secret is caught. */
function pieces(secret: string): string[] {
	if (secret.length <= 16) {
		return [secret];
	}

	const result: string[] = [];
	for (let start = 0; start + 16 <= secret.length; start += 8) {
		result.push(secret.slice(start, start + 16));
	}

	return result;
}

/** The base64 of `piece` as it appears inside the base64 of a longer text, at each alignment. */
function base64Spellings(piece: string): string[] {
	const spellings: string[] = [];
	for (const pad of ['', 'a', 'aa']) {
		const encoded = Buffer.from(pad + piece).toString('base64');
		// Drop the characters that mix in the pad and the last, incomplete group.
		const skip = pad.length === 0 ? 0 : pad.length + 1;
		const stable = encoded.slice(skip, skip + Math.floor((piece.length - 3) / 3) * 4);
		if (stable.length >= 8) {
			spellings.push(stable, stable.replaceAll('+', '-').replaceAll('/', '_'));
		}
	}

	return spellings;
}

export function spellings(secret: string): string[] {
	return pieces(secret).flatMap(piece => [piece, JSON.stringify(piece).slice(1, -1), Buffer.from(piece).toString('hex'), ...base64Spellings(piece)]);
}

/** The files under `dir` that hold any spelling of any of `secrets`. */
export async function filesHoldingSecrets(dir: string, secrets: readonly string[]): Promise<string[]> {
	const wanted = secrets.filter(secret => secret.length > 0).flatMap(secret => spellings(secret));
	const found: string[] = [];
	for (const file of await listFiles(dir)) {
		const content = await readFile(file, 'latin1');
		if (wanted.some(spelling => content.includes(spelling))) {
			found.push(file);
		}
	}

	return found;
}
