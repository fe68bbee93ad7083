/**
 * The prompt hooks (`msid-env --hook SHELL`) are the files in the package's shell/ folder, so
 * printing one and sourcing the file install the same code. The hook is printed together with
 * msid's completion script for that shell (shell/completion.SHELL), so the hook's one line in
 * an rc file installs both; `msid completion SHELL` prints the completion alone. The folder is found by walking up
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

const completionFiles: Record<HookShell, string> = {
	bash: 'completion.bash',
	zsh: 'completion.zsh',
	fish: 'completion.fish',
	pwsh: 'completion.ps1',
};

/** The installed path of a hook, for `source` lines and `msid doctor`. */
export function hookPath(shell: HookShell, moduleUrl: string = import.meta.url): string {
	return shellFile(hookFiles[shell], `The ${shell} prompt hook`, moduleUrl);
}

export function completionPath(shell: HookShell, moduleUrl: string = import.meta.url): string {
	return shellFile(completionFiles[shell], `The ${shell} completion script`, moduleUrl);
}

function shellFile(file: string, what: string, moduleUrl: string): string {
	let directory = dirname(fileURLToPath(moduleUrl));
	for (;;) {
		const candidate = join(directory, 'shell', file);
		if (isFile(candidate)) {
			return candidate;
		}

		const parent = dirname(directory);
		if (parent === directory) {
			throw new MsidError('hook-missing', `${what} (shell/${file}) is missing from msid's installation.`, {
				hint: 'Reinstall msid.',
			});
		}

		directory = parent;
	}
}

/** What `msid-env --hook SHELL` prints: the prompt hook, then the completion for msid. */
export function hookText(shell: HookShell, moduleUrl?: string): string {
	return `${readFileSync(hookPath(shell, moduleUrl), 'utf8')}\n${completionText(shell, moduleUrl)}`;
}

export function completionText(shell: HookShell, moduleUrl?: string): string {
	return readFileSync(completionPath(shell, moduleUrl), 'utf8');
}

function isFile(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}
