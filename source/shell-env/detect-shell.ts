/**
 * The shell to write code for when `--shell` does not say. `$SHELL` names the user's login
 * shell, not the one running msid-env, and PowerShell never sets it: so a PowerShell parent
 * (where the system names it cheaply) comes first, and without `$SHELL` the folders PowerShell
 * puts in PSModulePath tell that the code goes to PowerShell. Guessing can still be wrong (a
 * shell started from another inherits its variables), so every documented line names its shell.
 */
import type {ShellKind} from './shells.js';

type Env = Record<string, string | undefined>;

/** The shell for `env`; `parent` is the name of the program that started msid-env, when known. */
export function detectShell(env: Env, parent?: string): ShellKind {
	if (parent !== undefined && isPowerShell(parent)) {
		return 'pwsh';
	}

	const shell = env['SHELL'];
	if (shell) {
		return fromProgramName(shell);
	}

	return startedFromPowerShell(env) ? 'pwsh' : 'posix';
}

function programName(path: string): string {
	return path.split(/[/\\]/).pop()!.toLowerCase().replace(/\.exe$/, '');
}

function isPowerShell(path: string): boolean {
	const name = programName(path);
	return name === 'pwsh' || name === 'powershell';
}

function fromProgramName(path: string): ShellKind {
	const name = programName(path);
	if (name === 'bash' || name === 'zsh' || name === 'fish') {
		return name;
	}

	return isPowerShell(name) ? 'pwsh' : 'posix';
}

/**
 * Windows sets PSModulePath for every process to two folders of Windows PowerShell's own
 * (`Program Files\WindowsPowerShell\Modules` and `system32\WindowsPowerShell\v1.0\Modules`);
 * PowerShell itself adds the user's module folder (`Documents\PowerShell\Modules`,
 * `Documents\WindowsPowerShell\Modules`, `~/.local/share/powershell/Modules`) and its own,
 * which its children inherit. bash, zsh, fish and tcsh export SHLVL and PowerShell does not, so
 * a POSIX shell started from PowerShell, which inherits that PSModulePath, is not taken for it.
 */
function startedFromPowerShell(env: Env): boolean {
	const modulePath = env['PSModulePath'];
	if (!modulePath || env['SHLVL'] !== undefined) {
		return false;
	}

	const separator = modulePath.includes(';') ? ';' : ':';
	return modulePath.split(separator).some(folder => {
		const path = folder.replaceAll('\\', '/').replace(/\/+$/, '').toLowerCase();
		const windowsOwn = /\/program files\/windowspowershell\/modules$|\/system32\/windowspowershell\/v1\.0\/modules$/.test(path);
		return !windowsOwn && /\/(?:windows)?powershell\/modules$/.test(path);
	});
}
