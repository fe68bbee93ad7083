/**
 * What the dashboard's bundle needs to start fast and idle quietly.
 *
 * - React, react-reconciler and scheduler choose their production build from
 *   process.env.NODE_ENV; defined at build time, the development build is not even bundled.
 * - yoga-layout (Ink's layout engine) ships its WebAssembly as a base64 `data:` URL and, when
 *   fetch exists, fetches it: in Node that loads undici (tens of ms) at every start. Handing
 *   the module the bytes (emscripten's `wasmBinary` option) skips the fetch, and the data URL
 *   is dropped from the loader so the bytes ship once.
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
						`const Yoga = wrapAssembly(await loadYoga({wasmBinary: Buffer.from(${JSON.stringify(base64)}, 'base64')}));`,
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
