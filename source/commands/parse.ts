/**
 * The command line of one command, parsed from its declaration: node's parseArgs in strict
 * mode, with each of its errors turned into a one-line usage error (exit 2). Commands receive
 * the typed result and never see argv.
 */
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {UsageError} from '../model/errors.js';
import {flag, type CommandSpec, type Parsed} from './spec/define.js';
import {suggest} from './suggest.js';

export type ParseResult<S extends CommandSpec> = {help: true} | {help: false; args: Parsed<S>};

export function parseCommand<S extends CommandSpec>(spec: S, argv: readonly string[]): ParseResult<S> {
	// Everything after the first -- belongs to the command being run, options that look like msid's too.
	const separator = spec.rest ? argv.indexOf('--') : -1;
	const own = separator === -1 ? argv : argv.slice(0, separator);
	const rest = separator === -1 ? [] : argv.slice(separator + 1);
	let parsed;
	try {
		parsed = parseArgs({args: [...own], options: parserOptions(spec), allowPositionals: true, strict: true});
	} catch (error) {
		throw usageError(spec, error);
	}

	const {help, ...values} = parsed.values as Record<string, unknown>;
	if (help) {
		return {help: true};
	}

	const maxPositionals = spec.arguments?.length ?? 0;
	if (parsed.positionals.length > maxPositionals) {
		throw new UsageError(`Unexpected argument "${parsed.positionals[maxPositionals]}".`, `Run msid ${spec.name} --help for usage.`);
	}

	for (const [name, option] of Object.entries(spec.options)) {
		const given = values[name];
		for (const value of Array.isArray(given) ? given : given === undefined ? [] : [given]) {
			if (option.choices && !option.choices.includes(value as string)) {
				throw new UsageError(`${flag(name)} must be one of ${option.choices.join(', ')} (got "${String(value)}").`);
			}
		}
	}

	return {help: false, args: {options: values as Parsed<S>['options'], positionals: parsed.positionals, rest}};
}

/** The options parseArgs is given: the declared ones and -h/--help, which every command has. */
export function parserOptions(spec: CommandSpec): NonNullable<ParseArgsConfig['options']> {
	const options: NonNullable<ParseArgsConfig['options']> = {};
	for (const [name, option] of Object.entries(spec.options)) {
		options[name] = {type: option.type, ...(option.multiple ? {multiple: true} : {}), ...(option.short ? {short: option.short} : {})};
	}

	return {...options, help: {type: 'boolean', short: 'h'}};
}

function usageError(spec: CommandSpec, error: unknown): UsageError {
	const message = error instanceof Error ? error.message : String(error);
	const unknown = (error as {code?: string}).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '([^']+)'/.exec(message) : null;
	if (unknown) {
		// One line: the word that was wrong, and the likely fix or where the options are listed.
		const typed = unknown[1]!.replace(/=.*$/s, '');
		const known = [...Object.keys(spec.options).map(name => flag(name)), '--help'];
		const close = typed.startsWith('--') ? suggest(typed, known) : undefined;
		return new UsageError(close
			? `Unknown option '${typed}' for msid ${spec.name}: did you mean ${close}?`
			: `Unknown option '${typed}' for msid ${spec.name}: msid ${spec.name} --help lists its options.`);
	}

	const first = message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '');
	return new UsageError(`${first}.`, `Run msid ${spec.name} --help for usage.`);
}
