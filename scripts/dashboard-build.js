/**
 * What the dashboard's bundle needs to start fast and idle quietly.
 *
 * - React, react-reconciler and scheduler choose their production build from
 *   process.env.NODE_ENV; defined at build time, the development build is not even bundled.
 * - yoga-layout (Ink's layout engine) ships its WebAssembly as a base64 `data:` URL and, when
 *   fetch exists, fetches it: in Node that loads undici (tens of ms) at every start. Here the
 *   bytes are compiled and instantiated synchronously (emscripten's `instantiateWasm` hook),
 *   so nothing is fetched, no top-level await waits for a compile on another thread, and the
 *   data URL is dropped from the loader so the bytes ship once.
 * - Ink's reconciler connects to React DevTools when DEV=true and react-devtools-core resolves,
 *   with a top-level await. msid never ships react-devtools-core, so the blocks are dropped.
 *
 * Without a top-level await left, the dashboard's chunks become CommonJS like the rest of the
 * program (scripts/convert-to-commonjs.js): no ES-module loader at start-up, and no scan of
 * every CommonJS chunk an ES module imports for its export names.
 */
import {readFile} from 'node:fs/promises';

export const reactProduction = {'process.env.NODE_ENV': '"production"'};

const yogaIndex = /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/;
const yogaLoader = /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/;
const dataUrl = /"data:application\/octet-stream;base64,([A-Za-z\d+/=]+)"/;

export function yogaWithoutFetch() {
	return {
		name: 'yoga-without-fetch',
		setup(builder) {
			const wasm = new Map();
			const base64Of = async loaderPath => {
				if (!wasm.has(loaderPath)) {
					const match = dataUrl.exec(await readFile(loaderPath, 'utf8'));
					if (!match) {
						throw new Error(`build: ${loaderPath} no longer embeds its WebAssembly as a data: URL; update scripts/dashboard-build.js`);
					}

					wasm.set(loaderPath, match[1]);
				}

				return wasm.get(loaderPath);
			};

			builder.onLoad({filter: yogaIndex}, async ({path: indexPath}) => {
				const loaderPath = indexPath.replace(/src[\\/]index\.js$/, 'binaries/yoga-wasm-base64-esm.js');
				const base64 = await base64Of(loaderPath);
				return {
					loader: 'js',
					resolveDir: indexPath.replace(/[\\/]index\.js$/, ''),
					contents: [
						"import loadYoga from '../binaries/yoga-wasm-base64-esm.js';",
						"import wrapAssembly from './wrapAssembly.js';",
						`const wasmBinary = Buffer.from(${JSON.stringify(base64)}, 'base64');`,
						// The module object is the emscripten Module; with the instance handed over at
						// once, the runtime is ready when loadYoga returns (its promise resolves later).
						'const yogaModule = {wasmBinary, instantiateWasm(imports, receive) {',
						'\tconst instance = new WebAssembly.Instance(new WebAssembly.Module(wasmBinary), imports);',
						'\treceive(instance);',
						'\treturn instance.exports;',
						'}};',
						'loadYoga(yogaModule);',
						"if (!yogaModule.calledRun) throw new Error('yoga-layout did not start synchronously');",
						'const Yoga = wrapAssembly(yogaModule);',
						'export default Yoga;',
						"export * from './generated/YGEnums.js';",
					].join('\n'),
				};
			});
			builder.onLoad({filter: yogaLoader}, async ({path: loaderPath}) => {
				const text = await readFile(loaderPath, 'utf8');
				await base64Of(loaderPath);
				return {loader: 'js', contents: text.replace(dataUrl, '""')};
			});
		},
	};
}

const inkReconciler = /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/;
const devOnly = "if (process.env['DEV'] === 'true') {";

/** Ink's reconciler without its two DEV=true blocks (DevTools), the only top-level awaits in Ink. */
export function inkWithoutDevtools() {
	return {
		name: 'ink-without-devtools',
		setup(builder) {
			builder.onLoad({filter: inkReconciler}, async ({path: reconcilerPath}) => {
				let text = await readFile(reconcilerPath, 'utf8');
				let blocks = 0;
				for (let start = text.indexOf(devOnly); start !== -1; start = text.indexOf(devOnly)) {
					text = text.slice(0, start) + text.slice(closingBrace(text, start + devOnly.length - 1) + 1);
					blocks++;
				}

				if (blocks !== 2) {
					throw new Error(`build: ${reconcilerPath} no longer has Ink's two DEV blocks as expected; update scripts/dashboard-build.js`);
				}

				return {loader: 'js', contents: text};
			});
		},
	};
}

/** The index of the brace that closes the one at `open` (the blocks hold no braces in strings). */
function closingBrace(text, open) {
	let depth = 0;
	for (let index = open; index < text.length; index++) {
		if (text[index] === '{') {
			depth++;
		} else if (text[index] === '}' && --depth === 0) {
			return index;
		}
	}

	throw new Error('build: unbalanced braces in Ink\'s reconciler; update scripts/dashboard-build.js');
}
