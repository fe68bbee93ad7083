/**
 * An esbuild plugin: msid's own `import … from 'node:…'` become require() and plain property
 * reads in the bundle.
 *
 * An ES-module import of a built-in makes Node build a facade that reads every export, which
 * also runs lazy getters (node:util's TextDecoder loads the encoding tables): 1 to 3 ms per
 * module, several times per start of msid-env. require() hands over the module object Node
 * already has, and reading only the names a file imports runs no getter it does not use.
 *
 * Built-ins that Node has not loaded by the time a program starts (node:crypto, node:fs/promises,
 * node:child_process, node:net...) are loaded on first use instead: an imported function becomes
 * a small function that loads the module when first called. msid-env's cached path imports code
 * that refreshes, locks and writes, and never calls it; it must not pay for loading crypto,
 * streams and fs/promises. A class, a constant, an object, or a function with a custom
 * promisify (execFile) is read when the file loads, as before; a default import (the module
 * object) is loaded when one of its properties is first read.
 *
 * Only default and named imports are rewritten (the only forms source/ uses); anything else,
 * and every import from node_modules, stays an ordinary external import.
 */
import {createRequire} from 'node:module';
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
				const module = JSON.stringify(specifier);
				const lazy = names.filter(name => callableLater(specifier, name));
				const eager = names.filter(name => !lazy.includes(name));
				const lazyDefault = eager.includes('default') && !loadedAtStart.has(specifier);
				const lines = [];
				if (eager.some(name => name !== 'default' || !lazyDefault)) {
					// node:process is the global object: requiring it would compile a module that says so.
					lines.push(specifier === 'node:process' ? 'const builtin = process;' : `const builtin = require(${module});`);
				}

				if (lazy.length > 0 || lazyDefault) {
					lines.push(`let loaded;`, `const load = () => (loaded ??= require(${module}));`);
				}

				for (const name of eager) {
					if (name !== 'default') {
						lines.push(`export const ${name} = builtin.${name};`);
					} else if (loadedAtStart.has(specifier)) {
						lines.push('export default builtin;');
					} else {
						// The module object, loaded when a property is first read (`fs.readFile`).
						lines.push(`export default new Proxy({}, {get: (_, key) => load()[key], has: (_, key) => key in load()});`);
					}
				}

				for (const name of lazy) {
					lines.push(`export function ${name}(...args) { return load().${name}(...args); }`);
				}

				return {contents: lines.join('\n'), loader: 'js'};
			});
		},
	};
}

/**
 * Built-ins a CommonJS program finds loaded when it starts (Node 22): reading them costs nothing.
 * Not node:module: a `node -e` program finds it loaded, a file does not, and loading it loads
 * Node's ES-module loader too (about a millisecond). Not node:util: it is loaded, but reading
 * parseArgs from it loads parseArgs's modules, which msid-env's usual command line never runs.
 */
const loadedAtStart = new Set(['node:fs', 'node:path', 'node:url', 'node:events', 'node:buffer', 'node:timers', 'node:process', 'node:querystring', 'node:async_hooks']);
const require = createRequire(import.meta.url);

/** Whether `name` of a built-in can be a stand-in function that loads the module when called. */
function callableLater(specifier, name) {
	if (loadedAtStart.has(specifier) || name === 'default' || !/^[a-z]/.test(name)) {
		return false;
	}

	const value = require(specifier)[name];
	const promisifyCustom = Symbol.for('nodejs.util.promisify.custom');
	return typeof value === 'function' && !(promisifyCustom in value) && !/^class\b/.test(Function.prototype.toString.call(value));
}
