/**
 * An esbuild plugin: msid's own `import … from 'node:…'` become require() and plain property
 * reads in the bundle.
 *
 * An ES-module import of a built-in makes Node build a facade that reads every export, which
 * also runs lazy getters (node:util's TextDecoder loads the encoding tables): 1 to 3 ms per
 * module, several times per start of msid-env. require() hands over the module object Node
 * already has, and reading only the names a file imports runs no getter it does not use.
 *
 * Only default and named imports are rewritten (the only forms source/ uses); anything else,
 * and every import from node_modules, stays an ordinary external import.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';

const namespace = 'builtin-through-require';
// `import type …` declares no value: it is skipped (esbuild erases it).
const importPattern = /import\s+(?!type\s)([\w$]+\s*,?\s*)?(\{[^}]*\})?\s*from\s*['"](node:[^'"]+)['"]/g;

/** The default binding and the names one file imports from `specifier`, or undefined if unsure. */
function importedNames(source, specifier) {
	const names = new Set();
	let seen = false;
	for (const [, defaultName, braces, from] of source.matchAll(importPattern)) {
		if (from !== specifier) {
			continue;
		}

		seen = true;
		if (defaultName) {
			names.add('default');
		}

		for (const item of braces ? braces.slice(1, -1).split(',') : []) {
			const trimmed = item.trim();
			if (trimmed && !trimmed.startsWith('type ')) {
				names.add(trimmed.split(/\s+as\s+/)[0].trim());
			}
		}
	}

	return seen ? [...names].sort() : undefined;
}

export function builtinsThroughRequire({sourceRoot}) {
	return {
		name: 'builtins-through-require',
		setup(builder) {
			builder.onResolve({filter: /^node:/}, async ({path: specifier, importer}) => {
				if (!importer.startsWith(sourceRoot + path.sep)) {
					return undefined;
				}

				const names = importedNames(await readFile(importer, 'utf8'), specifier);
				return names && {path: `${specifier}?${names.join(',')}`, namespace};
			});
			builder.onLoad({filter: /.*/, namespace}, ({path: key}) => {
				const [specifier, list] = key.split('?');
				const names = list ? list.split(',') : [];
				const lines = [`const builtin = require(${JSON.stringify(specifier)});`];
				for (const name of names) {
					lines.push(name === 'default' ? 'export default builtin;' : `export const ${name} = builtin.${name};`);
				}

				return {contents: lines.join('\n'), loader: 'js'};
			});
		},
	};
}
