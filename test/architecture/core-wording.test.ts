/**
 * The core (identity/, app/, storage/) says what happened and carries the remedy as data; only the
 * faces name commands, options and keys. This scans every string and template literal in the core
 * for msid command lines and command-line option names.
 */
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import ts from 'typescript';
import {repoRoot} from '../helpers/cli.js';

const coreFolders = ['identity', 'app', 'storage'];
const commandNames = ['login', 'list', 'use', 'token', 'scopes', 'logout', 'exec', 'allow', 'request', 'doctor', 'demo'];
const commandLine = new RegExp(String.raw`\bmsid(-env)? (${commandNames.join('|')}|--)`);
const optionName = /(^|[\s"'`(])--[a-z][a-z-]+/;

async function sourceFiles(folder: string): Promise<string[]> {
	const entries = await readdir(folder, {withFileTypes: true, recursive: true});
	return entries.filter(entry => entry.isFile() && /\.tsx?$/.test(entry.name)).map(entry => path.join(entry.parentPath, entry.name));
}

/** Every piece of literal text in a file: strings, and the literal parts of templates. */
function literals(file: string, text: string): Array<{line: number; text: string}> {
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const found: Array<{line: number; text: string}> = [];
	const visit = (node: ts.Node) => {
		if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
			found.push({line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text});
		}

		ts.forEachChild(node, visit);
	};

	visit(source);
	return found;
}

export function wordingProblems(text: string): string | undefined {
	if (commandLine.test(text)) {
		return 'names an msid command';
	}

	return optionName.test(text) ? 'names a command-line option' : undefined;
}

test('the scan recognises command lines and option names', t => {
	t.truthy(wordingProblems('Run: msid login work'));
	t.truthy(wordingProblems('sign in again with msid login.'));
	t.truthy(wordingProblems('use --flow browser.'));
	t.truthy(wordingProblems('"--tenant" needs a value'));
	t.is(wordingProblems('msid did not change it'), undefined);
	t.is(wordingProblems('Could not refresh the token of work (AADSTS70008): sign in again.'), undefined);
	t.is(wordingProblems('a-b--c'), undefined);
});

test('no message in identity/, app/ or storage/ names an msid command or option', async t => {
	const problems: string[] = [];
	for (const folder of coreFolders) {
		for (const file of await sourceFiles(path.join(repoRoot, 'source', folder))) {
			for (const literal of literals(file, await readFile(file, 'utf8'))) {
				const problem = wordingProblems(literal.text);
				if (problem) {
					problems.push(`${path.relative(repoRoot, file)}:${literal.line} ${problem}: ${JSON.stringify(literal.text)}`);
				}
			}
		}
	}

	t.deepEqual(problems, []);
});
