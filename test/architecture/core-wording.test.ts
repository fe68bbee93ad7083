/**
 * The core (identity/, app/, storage/) says what happened and carries the remedy as data; only the
 * faces name commands, options and keys. This scans the core's messages (the text of every
 * `new ...Error(...)`, warnings, advice and reasons) for msid command lines and option names.
 * Argument lists the core writes for other programs (git config, a kubeconfig's exec args) are
 * data, not messages, and are not scanned.
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

const messageNames = /warning|advice|message|reason|what|description/i;

/** Whether a literal is (part of) a message a user reads: an error's text, a warning, advice. */
function inMessage(node: ts.Node): boolean {
	for (let parent = node.parent; parent; parent = parent.parent) {
		if (ts.isNewExpression(parent) && /Error$/.test(parent.expression.getText())) {
			return true;
		}

		const named = ts.isVariableDeclaration(parent) || ts.isFunctionDeclaration(parent) || ts.isPropertyAssignment(parent) ? parent.name?.getText() : undefined;
		if (named !== undefined && messageNames.test(named)) {
			return true;
		}

		if (ts.isFunctionLike(parent) && !ts.isArrowFunction(parent)) {
			return false;
		}
	}

	return false;
}

/** The literal text of a file's messages: strings, and the literal parts of templates. */
function literals(file: string, text: string): Array<{line: number; text: string}> {
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const found: Array<{line: number; text: string}> = [];
	const visit = (node: ts.Node) => {
		if ((ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) && inMessage(node)) {
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

test('the scan finds messages in errors, warnings and advice, and leaves argument lists alone', t => {
	const sample = [
		'throw new MsidError(\'x\', `Could not: run msid login ${name}.`);',
		'throw new UsageError(\'use --flow browser\');',
		'export const passwordFlowWarning = \'prefer --flow browser\';',
		'const table = {1: {advice: \'check --tenant\'}};',
		'const args = [\'config\', \'--global\', \'--add\'];',
		'function edits() { return [\'token\', \'--format\', \'k8s\']; }',
	].join('\n');
	const found = literals('sample.ts', sample).filter(literal => wordingProblems(literal.text)).map(literal => literal.line);
	t.deepEqual(found, [1, 2, 3, 4]);
});
