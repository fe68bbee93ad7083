// Bundles the entry points so a start resolves a few files instead of hundreds of modules:
// msid-env runs before every stale prompt, so its start-up time is the product.
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {build} from 'esbuild';
import {builtinsThroughRequire} from './builtins-through-require.js';

const shared = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node22',
	outdir: 'dist',
	sourcemap: 'linked',
	logLevel: 'warning',
	splitting: true,
	plugins: [builtinsThroughRequire({sourceRoot: path.resolve('source')})],
	// The keyring is a native addon and react-devtools-core is an optional Ink peer.
	external: ['@napi-rs/keyring', '@napi-rs/keyring/*', 'react-devtools-core'],
	banner: {
		js: "import {createRequire as __msidCreateRequire} from 'node:module'; const require = __msidCreateRequire(import.meta.url);",
	},
};

// Chunk names change with their content: start empty so stale chunks never pile up.
await rm('dist', {recursive: true, force: true});

await build({
	...shared,
	entryPoints: {cli: 'source/cli.tsx', emulator: 'source/emulator/main.ts'},
	chunkNames: 'chunks/[name]-[hash]',
});

// msid-env on its own, so that its cached path is one file and shares no chunk with msid.
await build({
	...shared,
	entryPoints: {env: 'source/env.ts'},
	chunkNames: 'chunks/env-[name]-[hash]',
});
