/**
 * Writes a private file so that readers see either the old or the new content, never a torn
 * one: a fresh temp file (mode 0600) in the same folder, flushed to disk, then renamed over.
 */
import {randomBytes} from 'node:crypto';
import {open, rename, rm} from 'node:fs/promises';

export async function writePrivateFileAtomically(file: string, content: string): Promise<void> {
	const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		const handle = await open(temporary, 'wx', 0o600);
		try {
			await handle.writeFile(content, 'utf8');
			await handle.sync();
		} finally {
			await handle.close();
		}

		await rename(temporary, file);
	} catch (error) {
		await rm(temporary, {force: true});
		throw error;
	}
}
