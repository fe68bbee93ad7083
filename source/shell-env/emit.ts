/**
 * Renders the code msid-env prints: one statement per line, every value quoted by quote.ts.
 */
import {MsidError} from '../model/errors.js';
import {quote} from './quote.js';
import type {ShellKind} from './shells.js';

export type EnvVars = ReadonlyArray<readonly [name: string, value: string]>;

/** Code that sets and exports each variable. */
export function renderExports(shell: ShellKind, vars: EnvVars): string {
	return vars.map(([name, value]) => `${assignmentPrefix(shell, name)}${quote(shell, value)}\n`).join('');
}

/** Code that removes each variable; removing one that is not set is not an error. */
export function renderUnset(shell: ShellKind, names: readonly string[]): string {
	return names.map(name => `${unsetStatement(shell, checkedName(name))}\n`).join('');
}

/**
 * The text before the quoted value. Exported for callers that quote raw bytes themselves
 * (quoteBytes); everything else should use renderExports.
 */
export function assignmentPrefix(shell: ShellKind, name: string): string {
	const checked = checkedName(name);
	switch (shell) {
		case 'bash':
		case 'zsh':
		case 'posix': {
			return `export ${checked}=`;
		}

		case 'fish': {
			return `set -gx ${checked} `;
		}

		case 'pwsh': {
			return `$env:${checked} = `;
		}
	}
}

function unsetStatement(shell: ShellKind, name: string): string {
	switch (shell) {
		case 'bash':
		case 'zsh':
		case 'posix': {
			return `unset ${name}`;
		}

		case 'fish': {
			return `set -e ${name}`;
		}

		case 'pwsh': {
			return `Remove-Item Env:${name} -ErrorAction SilentlyContinue`;
		}
	}
}

/**
 * Names are written unquoted, so they must be plain identifiers. Callers validate user-given
 * names with a friendly message first (var-name.ts); this guard keeps the emitter safe on its own.
 */
function checkedName(name: string): string {
	if (!/^[A-Za-z_]\w*$/.test(name)) {
		throw new MsidError('invalid-variable-name', `Cannot export a variable named ${JSON.stringify(name)}: use letters, digits and _.`);
	}

	return name;
}
