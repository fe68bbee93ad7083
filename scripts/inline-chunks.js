/**
 * Puts the chunks an entry bundle requires at start-up into the entry file itself, so that
 * Node resolves, reads and looks up in its compile cache one file instead of six: each file
 * costs msid-env about half a millisecond before it runs a line.
 *
 * The chunks stay on disk too, because a chunk loaded later (the refresh code, the proxy
 * client) requires the same shared chunks by file name. The entry therefore registers each
 * inlined chunk in require.cache under the chunk's own file name, the way Node would have:
 * a later require() of that file finds the module already loaded and gets the very same
 * exports (one MsidError class, one set of module state), never a second copy.
 *
 * Only the static requires at the top of a file (`var x = require("./chunks/…js");`, what
 * convert-to-commonjs.js makes of an import) are inlined, with the chunks those require in
 * turn; a chunk loaded with import() stays a file of its own, loaded only when needed.
 */
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';

const staticRequire = /^var ([\w$]+) = require\("(\.{1,2}\/[^"]+\.js)"\);$/gm;
const loader = '__msidChunk';

export async function inlineStaticChunks({dir, entry}) {
	const entryText = await readFile(path.join(dir, entry), 'utf8');
	const chunks = new Map();
	const rewrite = async (file, text) => {
		const replacements = [];
		for (const match of text.matchAll(staticRequire)) {
			const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[2]));
			replacements.push({whole: match[0], binding: match[1], target});
			if (!chunks.has(target)) {
				chunks.set(target, undefined);
				chunks.set(target, await rewrite(target, await readFile(path.join(dir, target), 'utf8')));
			}
		}

		let result = text;
		for (const {whole, binding, target} of replacements) {
			result = result.replace(whole, `var ${binding} = ${loader}(${JSON.stringify(target)});`);
		}

		return result;
	};

	const body = await rewrite(entry, entryText);
	for (const [name, text] of [[entry, body], ...chunks]) {
		assertNoDynamicImport(name, text);
	}

	if (chunks.size === 0) {
		return;
	}

	for (const [name, text] of chunks) {
		// Inlined, a chunk's require() is the entry's: a relative path in it would miss its file.
		if (/\brequire\(\s*["']\.{1,2}\//.test(text)) {
			throw new Error(`build: ${name} loads a file by a relative path; it cannot be inlined into ${entry}`);
		}
	}

	const definitions = [...chunks].map(([name, text]) => `${JSON.stringify(name)}: function (exports, require, module, __filename, __dirname) {\n${text}\n}`);
	// The banner keeps the entry's first line (convert-to-commonjs.js may put one there) first.
	const registry = `var ${loader} = (function () {
	var definitions = {
${definitions.join(',\n')}
	};
	var path = require("path");
	return function (name) {
		var filename = path.join(__dirname, name);
		var cached = require.cache[filename];
		if (cached) {
			return cached.exports;
		}

		var chunk = new module.constructor(filename, module);
		chunk.filename = filename;
		chunk.paths = module.paths;
		require.cache[filename] = chunk;
		definitions[name].call(chunk.exports, chunk.exports, require, chunk, filename, path.dirname(filename));
		chunk.loaded = true;
		return chunk.exports;
	};
})();
`;
	await writeFile(path.join(dir, entry), registry + body);
}

/** The entry shim runs a file from its code cache (entry-shim.js), where import() has no loader behind it. */
export function assertNoDynamicImport(name, text) {
	if (/\bimport\(/.test(text)) {
		throw new Error(`build: ${name} uses import(), which a file run from the code cache cannot: import the module statically (built-ins then load on first use)`);
	}
}
