/**
 * The prompt hooks (`msid-env --hook SHELL`) are the files in the package's shell/ folder, so
 * printing one and sourcing the file install the same code. The folder is found by walking up
 * from this module: it runs as source/shell-env/hooks.ts (tsx), as dist/env.js or inside
 * dist/chunks/ (bundled), and shell/ sits next to source/ and dist/ in every case.
 */
import {readFileSync, statSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {MsidError} from '../model/errors.js';
import type {HookShell} from './args.js';

const hookFiles: Record<HookShell, string> = {
	bash: 'msid.bash',
	zsh: 'msid.zsh',
	fish: 'msid.fish',
	pwsh: 'msid.ps1',
};

/** The installed path of a hook, for `source` lines and `msid doctor`. */
export function hookPath(shell: HookShell, moduleUrl: string = import.meta.url): string {
	const file = hookFiles[shell];
	let directory = dirname(fileURLToPath(moduleUrl));
	for (;;) {
		const candidate = join(directory, 'shell', file);
		if (isFile(candidate)) {
			return candidate;
		}

		const parent = dirname(directory);
		if (parent === directory) {
			throw new MsidError('hook-missing', `The ${shell} prompt hook (shell/${file}) is missing from msid's installation.`, {
				hint: 'Reinstall msid.',
			});
		}

		directory = parent;
	}
}

export function hookText(shell: HookShell, moduleUrl?: string): string {
	return readFileSync(hookPath(shell, moduleUrl), 'utf8');
}

function isFile(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}
