// Bundles the two entry points so a start resolves one file instead of hundreds of modules:
// msid-env runs before every stale prompt, so its start-up time is the product.
import {rm} from 'node:fs/promises';
import {build} from 'esbuild';

const shared = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node22',
	outdir: 'dist',
	sourcemap: 'linked',
	logLevel: 'warning',
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
	entryPoints: {cli: 'source/cli.tsx', env: 'source/env.ts', emulator: 'source/emulator/main.ts'},
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
});
