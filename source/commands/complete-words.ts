/**
 * What may come next on a command line, from the declarations: the logic behind every shell's
 * completion script, which only asks (`msid __complete --word=W...`) and inserts the answer
 * quoted its own way. Account names are read from config by the caller, never the keychain.
 */
import {isPrintable} from '../model/printable.js';
import {flag, type CommandSpec} from './spec/define.js';
import {findSpec, publicSpecs} from './spec/index.js';

export interface Candidate {
	word: string;
	description?: string;
}

/** `files`: let the shell complete paths (a PEM file, the command msid exec runs). */
export type Completion = {kind: 'words'; candidates: Candidate[]} | {kind: 'files'};

const globalOptions: Candidate[] = [
	{word: '--help', description: 'show help'},
	{word: '--version', description: 'print msid\'s version'},
];

const helpOption: Candidate = {word: '--help', description: 'show this help'};

/**
 * `words`: what was typed after `msid`, the last being the word under the cursor (empty for a
 * new word). `accounts` is called only when an account name may come next.
 */
export function completeWords(words: readonly string[], accounts: () => readonly string[]): Completion {
	const current = words.at(-1) ?? '';
	const typed = unquoted(current);
	const before = words.slice(0, -1);
	const commandIndex = before.findIndex(word => !word.startsWith('-'));
	if (commandIndex === -1) {
		return matching(typed.startsWith('-') ? globalOptions : publicSpecs.map(spec => ({word: spec.name, description: spec.summary})), typed);
	}

	const spec = findSpec(before[commandIndex]!);
	if (!spec || spec.hidden) {
		return {kind: 'words', candidates: []};
	}

	const state = walk(spec, before.slice(commandIndex + 1));
	if (state.afterSeparator) {
		return {kind: 'files'};
	}

	if (state.valueFor !== undefined) {
		const option = spec.options[state.valueFor]!;
		return option.complete === 'file' ? {kind: 'files'} : matching((option.choices ?? []).map(word => ({word})), typed);
	}

	if (typed.startsWith('--') && typed.includes('=')) {
		const name = typed.slice(2, typed.indexOf('='));
		const choices = spec.options[name]?.choices ?? [];
		return matching(choices.map(choice => ({word: `${flag(name)}=${choice}`})), typed);
	}

	if (typed.startsWith('-')) {
		const options = Object.entries(spec.options)
			.filter(([name, option]) => option.multiple || !state.given.has(name))
			.map(([name, option]) => ({word: flag(name), description: option.description}));
		return matching([...options, helpOption], typed);
	}

	return matching(argumentCandidates(spec, state.positionals, accounts), typed);
}

interface WalkState {
	positionals: string[];
	given: Set<string>;
	/** The option whose value is the word being completed. */
	valueFor?: string;
	afterSeparator: boolean;
}

/** Reads the words between the command and the cursor the way the parser will. */
function walk(spec: CommandSpec, words: readonly string[]): WalkState {
	const state: WalkState = {positionals: [], given: new Set(), afterSeparator: false};
	for (const word of words) {
		if (state.valueFor !== undefined) {
			state.valueFor = undefined;
		} else if (word === '--') {
			if (spec.rest) {
				state.afterSeparator = true;
				return state;
			}
		} else if (word.startsWith('--')) {
			const name = word.slice(2).split('=')[0]!;
			state.given.add(name);
			if (spec.options[name]?.type === 'string' && !word.includes('=')) {
				state.valueFor = name;
			}
		} else if (!word.startsWith('-') || word === '-') {
			state.positionals.push(word);
		}
	}

	return state;
}

function argumentCandidates(spec: CommandSpec, positionals: readonly string[], accounts: () => readonly string[]): Candidate[] {
	const declared = spec.arguments ?? [];
	// An optional first argument was left out when the word in its place fits the next one
	// (msid request GET URL: GET is the METHOD, not an account).
	const skipped = declared[0]?.optional && positionals[0] !== undefined && fits(declared[1]?.choices, positionals[0]) ? 1 : 0;
	const index = positionals.length + skipped;
	const argument = declared[index];
	if (!argument) {
		return [];
	}

	const here = candidatesFor(argument, accounts);
	// The optional one may still be left out: offer the next argument's words too.
	return argument.optional && index === positionals.length && declared[index + 1]?.choices
		? [...here, ...candidatesFor(declared[index + 1]!, accounts)]
		: here;
}

function candidatesFor(argument: NonNullable<CommandSpec['arguments']>[number], accounts: () => readonly string[]): Candidate[] {
	switch (argument.complete) {
		case 'account': {
			return completableAccounts(accounts());
		}

		case 'command': {
			return publicSpecs.map(spec => ({word: spec.name, description: spec.summary}));
		}

		default: {
			return (argument.choices ?? []).map(word => ({word}));
		}
	}
}

/**
 * Account names come from identity servers. One that could not be typed back as one plain word
 * (a control or bidirectional character, a line break, a leading dash that would read as an
 * option) is not offered; every other name is, and each shell's script quotes it on insertion.
 */
export function completableAccounts(names: readonly string[]): Candidate[] {
	return [...new Set(names)].filter(name => name !== '' && !name.startsWith('-') && isPrintable(name)).sort().map(word => ({word}));
}

function fits(choices: readonly string[] | undefined, word: string): boolean {
	return choices?.some(choice => choice.toLowerCase() === word.toLowerCase()) ?? false;
}

function matching(candidates: readonly Candidate[], typed: string): Completion {
	return {kind: 'words', candidates: candidates.filter(candidate => candidate.word.startsWith(typed))};
}

/** The word as the shell will pass it, for prefix matching: an opening quote is not part of it. */
function unquoted(word: string): string {
	return /^['"]/.test(word) ? word.slice(1) : word;
}

/**
 * The answer as lines for the scripts: `files`, or `words` then one `WORD<TAB>DESCRIPTION` a
 * line. No candidate holds a tab or a line break, so the lines cannot be misread.
 */
export function completionLines(completion: Completion): string {
	if (completion.kind === 'files') {
		return 'files\n';
	}

	return ['words', ...completion.candidates.map(({word, description}) => (description ? `${word}\t${description}` : word))].join('\n') + '\n';
}
