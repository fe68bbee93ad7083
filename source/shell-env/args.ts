/**
 * msid-env's command line (docs/cli.md, "msid-env"). Parsing only: no I/O, so bad usage is found
 * before anything slow starts.
 */
import {parseArgs} from 'node:util';
import {UsageError} from '../model/errors.js';
import {isShellKind, type ShellKind} from './shells.js';
import {validateVarName} from './var-name.js';

export type HookShell = 'bash' | 'zsh' | 'fish' | 'pwsh';

export type EnvCommand =
	| {kind: 'help'}
	| {kind: 'hook'; shell: HookShell}
	| {kind: 'unset'; shell?: ShellKind; varName?: string}
	| {kind: 'export'; account?: string; scopes: string[]; resource?: string; varName?: string; shell?: ShellKind; cached?: true};

export const envUsage = `Usage: msid-env [ACCOUNT] [--scope S]... [--resource R] [--var NAME] [--shell SHELL] [--cached] [--unset] [--hook SHELL]

Prints shell code that exports a fresh access token, for: eval "$(msid-env)"
(fish: msid-env | source; PowerShell: msid-env --shell pwsh | Out-String | Invoke-Expression)

  ACCOUNT          account name, alias or unique prefix (default: the default account)
  --scope S        scope to request; repeat it or separate scopes with spaces
  --resource R     request R/.default (instead of --scope)
  --var NAME       export the token as NAME instead of MSID_ACCESS_TOKEN
  --shell SHELL    bash, zsh, fish, pwsh or posix (default: a PowerShell parent, else
                   $SHELL, else PowerShell's PSModulePath, else posix)
  --cached         never contact the provider: export the cached token while it has not
                   expired, or print nothing (the prompt hooks refresh in the background)
  --unset          print code that removes the variables instead
  --hook SHELL     print the prompt hook for bash, zsh, fish or pwsh, with msid's Tab
                   completion; install both with eval "$(msid-env --hook bash)" in ~/.bashrc
                   (see the README for the others)
  -h, --help       show this help
`;

const options = {
	scope: {type: 'string', multiple: true},
	resource: {type: 'string'},
	var: {type: 'string'},
	shell: {type: 'string'},
	unset: {type: 'boolean'},
	cached: {type: 'boolean'},
	hook: {type: 'string'},
	help: {type: 'boolean', short: 'h'},
} as const;

export function parseEnvArgs(argv: readonly string[]): EnvCommand {
	const {values, positionals} = parseOrExplain(argv);
	if (values.help) {
		return {kind: 'help'};
	}

	if (values.hook !== undefined) {
		if (Object.keys(values).length > 1 || positionals.length > 0) {
			throw new UsageError('--hook prints the prompt hook and takes no other arguments.', 'Example: eval "$(msid-env --hook bash)"');
		}

		return {kind: 'hook', shell: hookShell(values.hook)};
	}

	if (positionals.length > 1) {
		throw new UsageError(`msid-env takes at most one account, got ${positionals.length}.`, 'Quote a name that contains spaces; options start with --.');
	}

	const shell = values.shell === undefined ? undefined : shellKind(values.shell);
	const varName = values.var === undefined ? undefined : validateVarName(values.var);
	const account = positionals[0];
	if (account === '') {
		throw new UsageError('The account name is empty.', 'Leave it out to use the default account.');
	}

	if (values.unset) {
		if (account !== undefined || values.scope !== undefined || values.resource !== undefined || values.cached) {
			throw new UsageError('--unset takes only --var and --shell.');
		}

		return {kind: 'unset', ...(shell && {shell}), ...(varName && {varName})};
	}

	const scopes = (values.scope ?? []).flatMap(scope => scope.split(/\s+/)).filter(Boolean);
	if (values.scope !== undefined && scopes.length === 0) {
		throw new UsageError('--scope is empty.', 'Name a scope, e.g. --scope User.Read.');
	}

	if (scopes.length > 0 && values.resource !== undefined) {
		throw new UsageError('Use --scope or --resource, not both: --resource R asks for R/.default, which stands for all of its scopes.');
	}

	if (values.resource !== undefined && values.resource.trim() === '') {
		throw new UsageError('--resource is empty.', 'Name a resource, e.g. --resource https://management.azure.com.');
	}

	return {
		kind: 'export',
		scopes,
		...(account !== undefined && {account}),
		...(values.resource !== undefined && {resource: values.resource.trim()}),
		...(varName && {varName}),
		...(shell && {shell}),
		...(values.cached && {cached: true as const}),
	};
}

function parseOrExplain(argv: readonly string[]) {
	try {
		return parseArgs({args: [...argv], options, allowPositionals: true, strict: true});
	} catch (error) {
		// parseArgs's first sentence says it well: "Unknown option '--x'", "Option '--scope <value>' argument missing".
		const reason = /^[^.\n]*/.exec(error instanceof Error ? error.message : String(error))![0];
		throw new UsageError(`${reason}.`, 'See msid-env --help.');
	}
}

function shellKind(value: string): ShellKind {
	if (value === 'powershell') {
		return 'pwsh';
	}

	if (!isShellKind(value)) {
		throw new UsageError(`--shell ${JSON.stringify(value)} is not a shell msid-env knows: use bash, zsh, fish, pwsh or posix.`);
	}

	return value;
}

function hookShell(value: string): HookShell {
	const shell = value === 'powershell' ? 'pwsh' : value;
	if (shell !== 'bash' && shell !== 'zsh' && shell !== 'fish' && shell !== 'pwsh') {
		throw new UsageError(`There is no prompt hook for ${JSON.stringify(value)}: use bash, zsh, fish or pwsh.`);
	}

	return shell;
}
