/**
 * Converts esbuild's split ES-module output, file by file, to CommonJS.
 *
 * Why: Node starts its ES-module loader for the first ES module a process loads, and that alone
 * costs more than msid-env's own work with a cached token. CommonJS files load through the
 * loader Node has already started for itself.
 *
 * - Static imports between chunks become require() calls; live bindings stay live (esbuild
 *   reads imported names as properties of the required chunk at each use).
 * - import() of a converted chunk becomes a require() in a promise, so a lazily loaded chunk
 *   stays lazy and still never starts the ES-module loader.
 * - A file that cannot be CommonJS (a top-level await) stays an ES module, renamed .mjs, and so
 *   does every file that imports it statically. These are reached only through import(), which
 *   Node allows from CommonJS. The build leaves none today (scripts/dashboard-build.js removes
 *   the top-level awaits of Ink and yoga-layout; test/build/dashboard-bundle.test.ts checks).
 * - import.meta.url becomes the file's own URL, computed only in the files that use it, when
 *   first used.
 */
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {transform} from 'esbuild';

const staticImport = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;
const dynamicImport = /\bimport\(\s*["'](\.{1,2}\/[^"']+\.js)["']\s*\)/g;
const moduleUrl = '__msidModuleUrl';
const requireBanner = "import {createRequire as __msidCreateRequire} from 'node:module'; const require = __msidCreateRequire(import.meta.url);\n";

export async function convertToCommonJs({from, to}) {
	const names = (await readdir(from, {recursive: true})).filter(name => name.endsWith('.js')).map(name => name.split(path.sep).join('/'));
	const files = new Map();
	for (const name of names) {
		const text = stripHashbang(await readFile(path.join(from, name), 'utf8'));
		files.set(name, {text, imports: relativeTargets(name, text, staticImport, names), dynamic: relativeTargets(name, text, dynamicImport, names)});
	}

	const converted = new Map();
	for (const [name, file] of files) {
		const cjs = await toCommonJs(name, file.text);
		if (cjs !== undefined) {
			converted.set(name, cjs);
		}
	}

	// A chunk that imports an ES module statically must be one too (require() cannot wait for it).
	for (let changed = true; changed;) {
		changed = false;
		for (const [name, file] of files) {
			if (converted.has(name) && file.imports.some(target => !converted.has(target))) {
				converted.delete(name);
				changed = true;
			}
		}
	}

	const outputName = name => (converted.has(name) ? name : name.replace(/\.js$/, '.mjs'));
	for (const [name, file] of files) {
		let text;
		if (converted.has(name)) {
			text = rewriteDynamicImports(name, converted.get(name), converted);
			if (text.includes(moduleUrl)) {
				// Computed when first used: most files use it only on a rare path (a fallback require).
				text = `var ${moduleUrl}Value;\nfunction ${moduleUrl}() {\n\treturn ${moduleUrl}Value ??= require("node:url").pathToFileURL(__filename).href;\n}\n${text.replaceAll(new RegExp(`\\b${moduleUrl}\\b`, 'g'), `${moduleUrl}()`)}`;
			}
		} else {
			assertNamedImportsOnly(name, file.text, converted);
			text = requireBanner + renameSpecifiers(name, file.text, converted);
		}

		const target = path.join(to, outputName(name));
		await mkdir(path.dirname(target), {recursive: true});
		await writeFile(target, text);
	}
}

function stripHashbang(text) {
	return text.startsWith('#!') ? text.slice(text.indexOf('\n') + 1) : text;
}

function resolveFrom(importer, specifier) {
	return path.posix.normalize(path.posix.join(path.posix.dirname(importer), specifier));
}

function relativeTargets(importer, text, pattern, known) {
	const targets = new Set();
	for (const [, specifier] of text.matchAll(pattern)) {
		const target = resolveFrom(importer, specifier);
		if (known.includes(target)) {
			targets.add(target);
		}
	}

	return [...targets];
}

/** The file as CommonJS, or undefined when it must stay an ES module (top-level await). */
async function toCommonJs(name, text) {
	try {
		const result = await transform(text, {
			format: 'cjs',
			loader: 'js',
			platform: 'node',
			target: 'node22',
			sourcefile: name,
			define: {'import.meta.url': moduleUrl},
			logLevel: 'silent',
		});
		return result.code;
	} catch (error) {
		if (error.errors?.some(message => /top-level await/i.test(message.text))) {
			return undefined;
		}

		throw error;
	}
}

function rewriteDynamicImports(importer, text, converted) {
	return text.replace(dynamicImport, (whole, specifier) => {
		const target = resolveFrom(importer, specifier);
		if (converted.has(target)) {
			return `Promise.resolve().then(() => require(${JSON.stringify(specifier)}))`;
		}

		return `import(${JSON.stringify(specifier.replace(/\.js$/, '.mjs'))})`;
	});
}

function renameSpecifiers(importer, text, converted) {
	const rename = (whole, specifier) => {
		const target = resolveFrom(importer, specifier);
		return converted.has(target) ? whole : whole.replace(specifier, specifier.replace(/\.js$/, '.mjs'));
	};

	return text.replace(staticImport, rename).replace(dynamicImport, rename);
}

/**
 * An ES module sees a CommonJS chunk's exports by name (esbuild annotates them for Node), but
 * its default import would be the whole exports object rather than the chunk's default.
 */
function assertNamedImportsOnly(importer, text, converted) {
	for (const match of text.matchAll(/\bimport\s+([^"';]*?)\s*from\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
		const [, clause, specifier] = match;
		const target = resolveFrom(importer, specifier);
		if (converted.has(target) && (/^[\w$]+/.test(clause) || /\bdefault\b/.test(clause))) {
			throw new Error(`build: ${importer} imports the default export of the CommonJS chunk ${target}`);
		}
	}
}
