/**
 * Temporary folders for tests: each test gets its own, so parallel tests never share a config
 * dir, a secrets file or a keyring. `cleanupTempDirs()` removes every folder this process made;
 * test files call it from `test.after.always`.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

const made = new Set<string>();

/** A fresh folder (mode 0700, as mkdtemp makes it) under the system temp dir. */
export async function makeTempDir(prefix = 'msid-test-'): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), prefix));
	made.add(dir);
	return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
	made.delete(dir);
	await rm(dir, {recursive: true, force: true, maxRetries: 3});
}

export async function cleanupTempDirs(): Promise<void> {
	await Promise.all([...made].map(async dir => removeTempDir(dir)));
}
