/**
 * Finding the system tools the shell tests drive. A missing tool skips its tests with a
 * message that names the Debian package to install (`.ci/run` installs them all).
 */
import {execFileSync} from 'node:child_process';
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

/**
 * A bash 3.2 (macOS's /bin/bash), or undefined. Debian packages no bash that old: the tests
 * that need one run where `MSID_TEST_BASH32` names it, or a `bash3.2` is on PATH, or
 * /bin/bash is one, and are skipped with their reason everywhere else, CI included.
 */
export function findBash32(): string | undefined {
	const candidates = [process.env['MSID_TEST_BASH32'], findTool('bash3.2'), findTool('bash-3.2'), '/bin/bash'];
	return candidates.find(binary => {
		try {
			return binary !== undefined && /\bversion 3\.2\./.test(execFileSync(binary, ['--version'], {encoding: 'utf8'}));
		} catch {
			return false;
		}
	});
}

export function bash32Missing(found: string | undefined): string | undefined {
	return found ? undefined : 'skipped: no bash 3.2 here (macOS\'s /bin/bash; no Debian package provides it): set MSID_TEST_BASH32 to one to run these';
}
