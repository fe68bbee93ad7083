/**
 * Help produced from the declarations: the list of commands (`msid --help`), one command's
 * help (`msid CMD --help`, `msid help CMD`) and the one-line synopsis the docs use.
 */
import {flag, type CommandSpec, type OptionSpec} from './spec/define.js';
import {publicSpecs} from './spec/index.js';

const width = 100;

export interface UsageStyle {
	/** Every choice even when there are many (the docs); help names a long list FLOW instead. */
	allChoices?: boolean;
}

/** `--format raw|json|az|k8s`, `--scope S`, `--copy`: how an option is written with its value. */
export function optionUsage(name: string, option: OptionSpec, style: UsageStyle = {}): string {
	if (option.type === 'boolean') {
		return flag(name);
	}

	return `${flag(name)} ${option.choices && (style.allChoices || option.choices.length <= 4) ? option.choices.join('|') : option.value ?? 'VALUE'}`;
}

/** The words of `msid token [ACCOUNT] [--scope S]... [--copy]`, each kept whole when wrapped. */
export function synopsisWords(spec: CommandSpec, style: UsageStyle = {}): string[] {
	const words = [`msid ${spec.name}`];
	for (const argument of spec.arguments ?? []) {
		words.push(argument.optional ? `[${argument.name}]` : argument.name);
	}

	for (const [name, option] of Object.entries(spec.options)) {
		words.push(`[${optionUsage(name, option, style)}]${option.multiple ? '...' : ''}`);
	}

	if (spec.rest) {
		words.push(`-- ${spec.rest.name}`);
	}

	return words;
}

/** The synopsis after `prefix`, wrapped under its first argument. */
export function synopsis(spec: CommandSpec, prefix = '', style: UsageStyle = {}): string {
	const [command, ...words] = synopsisWords(spec, style);
	return wrap([`${prefix}${command}`, ...words], width, ' '.repeat(`${prefix}${command} `.length)).join('\n');
}

export function commandHelp(spec: CommandSpec): string {
	const rows: Array<[string, string]> = [
		...(spec.arguments ?? []).map((argument): [string, string] => [argument.name, argument.description]),
		...(spec.rest ? [[`-- ${spec.rest.name}`, spec.rest.description] as [string, string]] : []),
	];
	const options: Array<[string, string]> = [
		...Object.entries(spec.options).map(([name, option]): [string, string] => [
			`${option.short ? `-${option.short}, ` : ''}${flag(name)}${option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : ''}`,
			describeOption(option),
		]),
		['-h, --help', 'show this help'],
	];
	const description = spec.description.split('\n').flatMap(line => wrap(line.split(' '), width, '')).join('\n');
	const sections = [synopsis(spec, 'Usage: '), description];
	if (rows.length > 0) {
		sections.push(`Arguments:\n${table(rows)}`);
	}

	sections.push(`Options:\n${table(options)}`);
	if (spec.examples && spec.examples.length > 0) {
		sections.push(`Examples:\n${spec.examples.map(example => `  # ${example.description}\n  ${example.command}`).join('\n')}`);
	}

	return `${sections.join('\n\n')}\n`;
}

/** The option's description, with its accepted values and whether it repeats. */
export function describeOption(option: OptionSpec): string {
	const values = option.choices && option.value ? `; ${option.value}: ${option.choices.join(', ')}` : '';
	return `${option.description}${values}`;
}

export function globalHelp(): string {
	const commands = publicSpecs.map((spec): [string, string] => [spec.name, spec.summary]);
	return [
		'Usage: msid [COMMAND] [OPTIONS]',
		`Commands:\n${table(commands)}`,
		`Options:\n${table([['-h, --help', 'show this help'], ['-v, --version', 'print msid\'s version']])}`,
		'With no command in a terminal, msid opens the dashboard.\nRun msid help COMMAND (or msid COMMAND --help) for a command\'s options and examples.',
	].join('\n\n') + '\n';
}

function table(rows: Array<[string, string]>): string {
	const column = Math.min(Math.max(...rows.map(([left]) => left.length)) + 2, 26);
	return rows.map(([left, right]) => {
		const lines = wrap(right.split(' '), width - column - 2, '');
		const first = left.length + 2 <= column ? `  ${left.padEnd(column)}${lines[0]}` : `  ${left}\n${' '.repeat(column + 2)}${lines[0]}`;
		return [first, ...lines.slice(1).map(line => `${' '.repeat(column + 2)}${line}`)].join('\n');
	}).join('\n');
}

/** Words joined by spaces into lines of at most `limit` characters (a longer word stands alone). */
function wrap(words: readonly string[], limit: number, indent: string): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of words) {
		if (line !== '' && line.length + 1 + word.length > limit) {
			lines.push(line);
			line = indent + word;
		} else {
			line = line === '' ? word : `${line} ${word}`;
		}
	}

	return [...lines, line];
}
