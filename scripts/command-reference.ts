/**
 * The command reference in README.md and the synopsis block in docs/cli.md, made from the
 * command declarations (source/commands/spec/). `npm run docs:commands` writes them;
 * test/commands/reference.test.ts fails when either has drifted from the declarations.
 */
import {describeOption, synopsis} from '../source/commands/help-text.js';
import {flag, type CommandSpec} from '../source/commands/spec/define.js';
import {publicSpecs} from '../source/commands/spec/index.js';

const note = 'made from source/commands/spec by npm run docs:commands: edit the declarations, not this block';

export const begin = (name: string) => `<!-- ${name}: begin (${note}) -->`;
export const end = (name: string) => `<!-- ${name}: end -->`;

function cell(text: string): string {
	return text.replaceAll('|', '\\|');
}

function commandSection(spec: CommandSpec): string {
	const rows = [
		...(spec.arguments ?? []).map(argument => `| \`${argument.name}\` | ${cell(argument.description)}${argument.optional ? ' (optional)' : ''} |`),
		...(spec.rest ? [`| \`-- ${spec.rest.name}\` | ${cell(spec.rest.description)} |`] : []),
		...Object.entries(spec.options).map(([name, option]) => {
			const value = option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : '';
			return `| \`${flag(name)}${cell(value)}\` | ${cell(describeOption(option))}${option.multiple ? ' (repeatable)' : ''} |`;
		}),
	];
	return [
		`### \`msid ${spec.name}\``,
		'',
		'```',
		synopsis(spec, '', {allChoices: true}),
		'```',
		'',
		spec.description.replaceAll('\n', ' '),
		...(rows.length > 0 ? ['', '| argument / option | meaning |', '|---|---|', ...rows] : []),
	].join('\n');
}

/** README.md's reference: per command, its synopsis, what it does and every argument and option. */
export function readmeReference(): string {
	return [
		'Every command also takes `-h`/`--help` (the same text as `msid help COMMAND`, on stdout).',
		'',
		...publicSpecs.map(spec => commandSection(spec)).join('\n\n').split('\n'),
	].join('\n');
}

/** docs/cli.md's block: each command's full synopsis and one line on what it does. */
export function cliSynopses(): string {
	return ['```', ...publicSpecs.map(spec => `${synopsis(spec, '', {allChoices: true})}\n    ${spec.summary}`), 'msid --help | --version', '```'].join('\n');
}

/** `text` with the block called `name` replaced by `content`; throws when the markers are missing. */
export function replaceBlock(text: string, name: string, content: string): string {
	const start = text.indexOf(`<!-- ${name}: begin`);
	const stop = text.indexOf(end(name));
	if (start === -1 || stop === -1 || stop < start) {
		throw new Error(`The markers of the "${name}" block are missing: add\n${begin(name)}\n${end(name)}`);
	}

	return `${text.slice(0, start)}${begin(name)}\n${content}\n${text.slice(stop)}`;
}
