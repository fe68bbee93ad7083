/**
 * Argument parsing shared by every command: node's parseArgs in strict mode, with its
 * errors turned into one-line usage errors (exit 2) that point at the command's help.
 */
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {UsageError} from '../model/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T, maxPositionals = 1) {
	let parsed;
	try {
		parsed = parseArgs({args: argv, options: {...options, help: {type: 'boolean', short: 'h'}}, allowPositionals: true, strict: true});
	} catch (error) {
		const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
		throw new UsageError(`${message.replace(/\.$/, '')}.`, `Run msid ${command} --help for usage.`);
	}

	if (parsed.positionals.length > maxPositionals) {
		throw new UsageError(`Unexpected argument "${parsed.positionals[maxPositionals]}".`, `Run msid ${command} --help for usage.`);
	}

	return parsed;
}

/** `--scope "a b" --scope c` is three scopes: OAuth separates scopes with spaces (RFC 6749 §3.3). */
export function splitScopeArgs(values: string[] | undefined): string[] | undefined {
	const scopes = values?.flatMap(value => value.split(/\s+/)).filter(Boolean);
	return scopes?.length ? scopes : undefined;
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (!(allowed as readonly string[]).includes(value)) {
		throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}").`);
	}

	return value as T;
}
