/**
 * Everything msid keeps for a user, captured so a test can say "byte for byte as before":
 * every file under the config dir, and every keychain entry of msid's service.
 */
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {openSecretStore} from '../../source/storage/open-secret-store.js';
import type {MsidEnv} from './cli.js';

export interface StateSnapshot {
	files: Record<string, string>;
	secrets: Record<string, string | undefined>;
}

export async function snapshotState(msid: MsidEnv): Promise<StateSnapshot> {
	const files: Record<string, string> = {};
	for (const file of await listFiles(msid.configDir)) {
		// Lock files come and go with every command; they hold no state.
		if (!file.includes(`${path.sep}locks${path.sep}`)) {
			files[path.relative(msid.configDir, file)] = (await readFile(file)).toString('base64');
		}
	}

	const store = await openSecretStore({env: msid.env, configDir: msid.configDir, onInsecureUse() {}});
	const secrets: Record<string, string | undefined> = {};
	for (const key of (await store.keys()).sort()) {
		secrets[key] = await store.get(key);
	}

	return {files, secrets};
}

export async function listFiles(dir: string): Promise<string[]> {
	const entries = await readdir(dir, {withFileTypes: true, recursive: true}).catch(() => []);
	return entries.filter(entry => entry.isFile()).map(entry => path.join(entry.parentPath, entry.name));
}
