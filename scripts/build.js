// Bundles the entry points so a start resolves a few files instead of hundreds of modules:
// msid-env runs before every stale prompt, so its start-up time is the product.
//
// dist/ after a build:
//   cli.js, env.js       the `msid` and `msid-env` commands: a few lines that any Node.js can
//                        run, which refuse an old Node in one line, then load the bundles below
//   msid.js, msid-env.js, msid-token.js, emulator.js, chunks/*.js
//                        the program, in CommonJS: Node's ES-module loader costs a few ms at
//                        every start, more than all of msid-env's own work with a cached token
//                        (Ink and yoga-layout too, without their top-level awaits: dashboard-build.js)
//   fallbacks/           clipboardy's own clipboard programs, where its bundled code looks
//   package.json         {"type": "commonjs"}: the package itself is an ES-module package
//
// esbuild splits code only in ES-module output, so the bundles are built as ES modules first
// and each file is then converted on its own: shared chunks stay shared, every module is
// loaded once, and a chunk loaded with import() stays loaded only when needed.
import {cp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {build} from 'esbuild';
import {builtinsThroughRequire} from './builtins-through-require.js';
import {convertToCommonJs} from './convert-to-commonjs.js';
import {entryShim} from './entry-shim.js';
import {assertNoDynamicImport, inlineStaticChunks} from './inline-chunks.js';
import {inkWithoutDevtools, reactProduction, yogaWithoutFetch} from './dashboard-build.js';
import {unicodeAtFirstUse} from './unicode-at-first-use.js';

const outdir = 'dist';
const staging = path.join(outdir, '.esm');
const manifest = JSON.parse(await readFile('package.json', 'utf8'));
const minimumNode = manifest.engines.node.replace(/^>=\s*/, '');

const shared = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node22',
	outdir: staging,
	logLevel: 'warning',
	splitting: true,
	define: reactProduction,
	plugins: [builtinsThroughRequire({sourceRoot: path.resolve('source')}), yogaWithoutFetch(), inkWithoutDevtools(), unicodeAtFirstUse()],
	// The keyring is a native addon and react-devtools-core is an optional Ink peer.
	external: ['@napi-rs/keyring', '@napi-rs/keyring/*', 'react-devtools-core'],
};

// Chunk names change with their content: start empty so stale chunks never pile up.
await rm(outdir, {recursive: true, force: true});

await build({
	...shared,
	entryPoints: {msid: 'source/cli.tsx', emulator: 'source/emulator/main.ts'},
	chunkNames: 'chunks/[name]-[hash]',
});

// msid-env on its own, so that its cached path is one file and shares no chunk with msid.
await build({
	...shared,
	entryPoints: {'msid-env': 'source/env.ts'},
	chunkNames: 'chunks/env-[name]-[hash]',
});

// The quick path of `msid token` (a fresh cached token) on its own too: cli.js asks it before
// msid.js, and it loads as few files as msid-env does instead of the command line's many chunks.
await build({
	...shared,
	entryPoints: {'msid-token': 'source/quick-token.ts'},
	chunkNames: 'chunks/token-[name]-[hash]',
});

await convertToCommonJs({from: staging, to: outdir});
await rm(staging, {recursive: true, force: true});
// The two quick entries start as one file each (the full program's many chunks stay files).
await inlineStaticChunks({dir: outdir, entry: 'msid-env.js'});
await inlineStaticChunks({dir: outdir, entry: 'msid-token.js'});
await writeFile(path.join(outdir, 'package.json'), `${JSON.stringify({type: 'commonjs'}, undefined, '\t')}\n`);
const dashboardChunks = (await readdir(path.join(outdir, 'chunks'))).filter(name => /^run-dashboard-\w+\.js$/.test(name));
if (dashboardChunks.length !== 1) {
	throw new Error(`build: expected one dashboard chunk (run-dashboard-*.js), found ${dashboardChunks.length}`);
}

assertNoDynamicImport(dashboardChunks[0], await readFile(path.join(outdir, 'chunks', dashboardChunks[0]), 'utf8'));

await writeFile(path.join(outdir, 'cli.js'), entryShim({command: 'msid', bundle: './msid.js', minimumNode, quick: {argument: 'token', bundle: './msid-token.js'}, dashboard: `./chunks/${dashboardChunks[0]}`}), {mode: 0o755});
await writeFile(path.join(outdir, 'env.js'), entryShim({command: 'msid-env', bundle: './msid-env.js', minimumNode}), {mode: 0o755});

// clipboardy runs its own xsel (Linux) or clipboard.exe (Windows) when the system has none,
// found relative to its module: ../fallbacks from dist/chunks/.
await cp(path.join('node_modules', 'clipboardy', 'fallbacks'), path.join(outdir, 'fallbacks'), {recursive: true});
