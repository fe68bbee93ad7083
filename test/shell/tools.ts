/**
 * Finding the system tools the shell tests drive. A missing tool skips its tests with a
 * message that names the Debian package to install (`.ci/run` installs them all).
 */
import {accessSync, constants} from 'node:fs';
import {delimiter, join} from 'node:path';

export function findTool(name: string): string | undefined {
	for (const directory of (process.env['PATH'] ?? '').split(delimiter)) {
		const candidate = join(directory, name);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {}
	}

	return undefined;
}

export function missingToolMessage(tool: string, debianPackage: string): string {
	return `skipped: ${tool} is not installed (install the "${debianPackage}" package)`;
}
