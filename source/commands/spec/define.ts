/**
 * A command described once. From a declaration come the parser (parse.ts), `msid CMD --help`
 * and `msid help CMD` (help.ts), the command reference in README.md and docs/cli.md
 * (scripts/generate-commands.ts) and the shell completion scripts (completion/). Declarations
 * import nothing heavy: msid reads all of them before it loads the one command it runs.
 */
export interface OptionSpec {
	type: 'string' | 'boolean';
	/** Given more than once, its values are collected in order. */
	multiple?: boolean;
	short?: string;
	/** The value's placeholder in help and synopsis: S, URL, JSON (string options). */
	value?: string;
	/** The only values accepted; the parser refuses others (exit 2), completions offer them. */
	choices?: readonly string[];
	/** What completes the value: files on disk. */
	complete?: 'file';
	/** One line, lower case, no full stop: it follows the option in help. */
	description: string;
}

export interface ArgumentSpec {
	name: string;
	description: string;
	optional?: boolean;
	/** What completes it: account names from config, or command names. */
	complete?: 'account' | 'command';
	/** Offered by completions; the command checks them itself (request's METHOD takes any case). */
	choices?: readonly string[];
}

export interface ExampleSpec {
	command: string;
	description: string;
}

export interface CommandSpec {
	name: string;
	/** One line for the list of commands. */
	summary: string;
	/** Sentences for the command's own help. */
	description: string;
	arguments?: readonly ArgumentSpec[];
	/** Everything after the first `--`, handed over untouched (the command msid exec runs). */
	rest?: {name: string; description: string};
	options: Readonly<Record<string, OptionSpec>>;
	examples?: readonly ExampleSpec[];
	/** Internal: left out of help, completions and the docs. */
	hidden?: boolean;
	/** Runs without the runtime: opens no config store, keychain or network. */
	bare?: boolean;
}

/** Identity at run time; at compile time it keeps the literal types that `Parsed` reads. */
export function defineCommand<const S extends CommandSpec>(spec: S): S {
	return spec;
}

type Value<O extends OptionSpec> = O['type'] extends 'boolean' ? boolean : O extends {choices: readonly (infer C)[]} ? C : string;

/** The options a command receives: typed from its declaration, absent when not given. */
export type ParsedOptions<S extends CommandSpec> = {
	-readonly [K in keyof S['options']]?: S['options'][K] extends {multiple: true} ? Array<Value<S['options'][K]>> : Value<S['options'][K]>;
};

export interface Parsed<S extends CommandSpec> {
	options: ParsedOptions<S>;
	/** At most as many as the declaration has arguments. */
	positionals: string[];
	/** The words after the first `--`, for a declaration with `rest`; empty otherwise. */
	rest: string[];
}

/** The spelling of an option on the command line: --scope, --no-browser. */
export function flag(name: string): string {
	return `--${name}`;
}
