/**
 * The layer rules of docs/architecture.md, checked on the import graph itself: ESLint bans
 * each forbidden import by folder; this test catches what a pattern could miss (a cycle
 * between folders), and keeps comments and docs from pointing at files outside the repo.
 */
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';

const root = path.resolve(import.meta.dirname, '../..');
const source = path.join(root, 'source');

function filesBelow(dir: string, pattern: RegExp): string[] {
	return readdirSync(dir, {recursive: true, withFileTypes: true})
		.filter(entry => entry.isFile() && pattern.test(entry.name))
		.map(entry => path.join(entry.parentPath, entry.name));
}

/** The folder a source file belongs to for the layer rules: app/ counts by its sub-folder. */
function unitOf(file: string): string {
	const parts = path.relative(source, file).split(path.sep);
	if (parts.length === 1) {
		return 'entry';
	}

	return parts[0] === 'app' && parts.length > 2 ? `app/${parts[1]}` : parts[0]!;
}

function importGraph(): Map<string, Set<string>> {
	const graph = new Map<string, Set<string>>();
	for (const file of filesBelow(source, /\.tsx?$/)) {
		const from = unitOf(file);
		const edges = graph.get(from) ?? new Set();
		graph.set(from, edges);
		const text = readFileSync(file, 'utf8');
		for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
			const to = unitOf(path.resolve(path.dirname(file), match[1]!));
			if (to !== from) {
				edges.add(to);
			}
		}
	}

	return graph;
}

function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (node: string): string[] | undefined => {
		if (state.get(node) === 'open') {
			return [...stack.slice(stack.indexOf(node)), node];
		}

		if (state.get(node) === 'done') {
			return undefined;
		}

		state.set(node, 'open');
		stack.push(node);
		for (const next of graph.get(node) ?? []) {
			const cycle = visit(next);
			if (cycle) {
				return cycle;
			}
		}

		stack.pop();
		state.set(node, 'done');
		return undefined;
	};

	for (const node of graph.keys()) {
		const cycle = visit(node);
		if (cycle) {
			return cycle;
		}
	}

	return undefined;
}

test('no cycle between the folders of source/', t => {
	const cycle = findCycle(importGraph());
	t.is(cycle, undefined, `import cycle: ${cycle?.join(' -> ')}`);
});

test('the cycle finder finds a cycle', t => {
	const graph = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]]);
	t.deepEqual(findCycle(graph), ['a', 'b', 'c', 'a']);
	t.is(findCycle(new Map([['a', new Set(['b'])], ['b', new Set<string>()]])), undefined);
});

test('the layers stack as docs/architecture.md draws them', t => {
	const graph = importGraph();
	const below: Record<string, string[]> = {
		model: [],
		system: ['model'],
		storage: ['model', 'system'],
		identity: ['model', 'system'],
		emulator: ['model', 'system'],
		'app/runtime': ['model', 'system', 'storage', 'identity'],
		'app/accounts': ['model', 'system', 'storage', 'identity', 'app/runtime'],
		'app/tokens': ['model', 'system', 'storage', 'identity', 'app/runtime', 'app/accounts'],
		'app/sign-in': ['model', 'system', 'storage', 'identity', 'app/runtime', 'app/accounts', 'app/tokens'],
	};
	for (const [unit, allowed] of Object.entries(below)) {
		const extra = [...(graph.get(unit) ?? [])].filter(to => !allowed.includes(to));
		t.deepEqual(extra, [], `${unit} imports ${extra.join(', ')}`);
	}
});

test('no comment or doc points at design files outside the repo', t => {
	const files = [
		...filesBelow(source, /\.(tsx?|md)$/),
		...filesBelow(path.join(root, 'test'), /\.tsx?$/),
		...filesBelow(path.join(root, 'docs'), /\.md$/),
		...filesBelow(path.join(root, 'scripts'), /\.(ts|js)$/),
		path.join(root, 'README.md'),
		path.join(root, 'eslint.config.js'),
	];
	const outside = /(\.\.\/shared\/|\bseeds?\/|protocol-notes\.md|(?<![\w/])design\/)/;
	const bare = /(?<![\w/.-])(architecture|cli|protocol)\.md\b/;
	const offenders: string[] = [];
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		const inDocs = file.startsWith(path.join(root, 'docs'));
		for (const [index, line] of text.split('\n').entries()) {
			if (outside.test(line) || (!inDocs && bare.test(line) && !line.includes('docs/'))) {
				offenders.push(`${path.relative(root, file)}:${index + 1}: ${line.trim()}`);
			}
		}
	}

	t.deepEqual(offenders, []);
});

test('shell hooks and scripts keep LF line endings on every checkout (.gitattributes)', t => {
	const attributes = readFileSync(path.join(root, '.gitattributes'), 'utf8');
	for (const pattern of ['shell/*', '.ci/run']) {
		t.regex(attributes, new RegExp(`^${pattern.replaceAll(/[.*]/g, '\\$&')}\\s.*eol=lf`, 'm'), `${pattern} must be eol=lf: a CR breaks every line of a hook in bash and zsh`);
	}
});
