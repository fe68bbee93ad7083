/**
 * Tells the prompt hook of the shell a command runs in that the directory's choice changed
 * (`msid allow`, `msid allow --revoke`), so its next prompt applies it without leaving the
 * directory. Each hook makes a private folder when it loads and exports it as MSID_HOOK_DIR;
 * a file named `allow` there makes the next prompt run msid-env again. Best effort: without a
 * hook (or with a folder that is not the user's own) nothing happens.
 */
import {statSync, writeFileSync} from 'node:fs';
import {isAbsolute, join} from 'node:path';

export const hookDirVar = 'MSID_HOOK_DIR';

export function signalPromptHook(env: Record<string, string | undefined>): void {
	const dir = env[hookDirVar];
	if (!dir || !isAbsolute(dir)) {
		return;
	}

	try {
		const folder = statSync(dir);
		if (!folder.isDirectory() || (process.getuid !== undefined && folder.uid !== process.getuid())) {
			return;
		}

		writeFileSync(join(dir, 'allow'), '', {mode: 0o600});
	} catch {}
}
