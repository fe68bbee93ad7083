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

export const envOptions = {
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
	const usual = parseUsual(argv);
	if (usual) {
		return usual;
	}

	try {
		return parseArgs({args: [...argv], options: envOptions, allowPositionals: true, strict: true});
	} catch (error) {
		// parseArgs's first sentence says it well: "Unknown option '--x'", "Option '--scope <value>' argument missing".
		const reason = /^[^.\n]*/.exec(error instanceof Error ? error.message : String(error))![0];
		throw new UsageError(`${reason}.`, 'See msid-env --help.');
	}
}

type ParsedArgs = ReturnType<typeof parseArgs<{args: string[]; options: typeof envOptions; allowPositionals: true; strict: true}>>;

/**
 * The usual command lines, a prompt hook's (`--shell bash --cached`) and a person's (an account,
 * `--scope S`), parsed as parseArgs parses them but without loading and running it, about a
 * millisecond of every msid-env start. Undefined for anything else (`--x=y`, a value that starts
 * with `-`, `--`, short flags but -h, an unknown option): parseArgs then parses it and words
 * the error. test/shell-env/args.test.ts holds both to the same answers.
 */
export function parseUsual(argv: readonly string[]): ParsedArgs | undefined {
	const values: Record<string, string | boolean | string[]> = {};
	const positionals: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (!argument.startsWith('-')) {
			positionals.push(argument);
			continue;
		}

		const name = argument === '-h' ? 'help' : argument.slice(2);
		if ((argument !== '-h' && !argument.startsWith('--')) || !Object.hasOwn(envOptions, name)) {
			return undefined;
		}

		const option = envOptions[name as keyof typeof envOptions];
		if (option.type === 'boolean') {
			values[name] = true;
			continue;
		}

		const value = argv[index + 1];
		if (value === undefined || value.startsWith('-')) {
			return undefined;
		}

		index++;
		values[name] = 'multiple' in option ? [...(values[name] as string[] | undefined ?? []), value] : value;
	}

	return {values, positionals} as ParsedArgs;
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
