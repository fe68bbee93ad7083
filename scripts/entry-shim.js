/**
 * The files behind the `msid` and `msid-env` commands. They are written for any Node.js, even
 * one too old for the rest of msid to parse, so that an old Node gets one line saying which
 * version msid needs (and exit status 1) instead of a crash somewhere later.
 *
 * Compiled code is kept between starts, in the user's own cache folder (not the shared temp
 * folder, where another user could plant compiled code); NODE_DISABLE_COMPILE_CACHE turns it off.
 * - The two quick bundles (msid-env's, and `msid token`'s with a fresh cached token) are run
 *   through a code cache of their own: V8's code cache taken after a run that did the usual
 *   work holds every function that run compiled, where Node's compile cache holds only what V8
 *   compiled before the first line ran (a few top-level functions), so every later start would
 *   compile the rest again, a few ms of msid-env's time before each prompt. The cache file
 *   holds the bundle's source next to the compiled code and is used only for that exact
 *   source: after an update or an edit it is rewritten, never run.
 * - The full program turns on Node's compile cache (which NODE_COMPILE_CACHE can move) before
 *   it loads: it is many files, and it loads Node's ES-module loader anyway.
 * - The dashboard's chunk (`msid` alone in a terminal) is run from a code cache of its own too,
 *   before the program asks for it: its first frame runs hundreds of functions of React, Ink
 *   and yoga's glue, and compiling them again at every start cost about a quarter of the time
 *   to that frame.
 *
 * `quick` (msid's shim only): a first argument and a small bundle that tries to answer it alone
 * (source/quick-token.ts) and hands over to the program, with a function, when it cannot.
 * `dashboard` (msid's shim only): the dashboard's chunk, as the program requires it.
 * Each cached bundle says, from the exit code, which runs did the usual work and so leave a
 * cache worth keeping: msid-env's a successful one that is not --hook, --unset or --help (which
 * run little of the bundle), `msid token`'s one it answered alone, the dashboard's one quit with
 * q or Ctrl-C. Until such a run, the cache is written again at every exit.
 */
export function entryShim({command, bundle, minimumNode, quick, dashboard}) {
	const dashboardFirst = dashboard
		? `
	if (process.argv.length === 2 && isTerminal()) {
		// The program opens the dashboard; its require() of the chunk finds it already run.
		// Quit with q (0) or Ctrl-C (130): both are the usual end of a dashboard.
		runCached(${JSON.stringify(dashboard)}, function (code) {
			return code === 0 || code === 130;
		});
	}
`
		: '';
	const run = quick
		? `if (process.argv[2] === ${JSON.stringify(quick.argument)}) {
	var handedOver = false;
	runCached(${JSON.stringify(quick.bundle)}, function (code) {
		return code === 0 && !handedOver;
	}).start(function () {
		handedOver = true;
		runProgram();
	});
} else {
	runProgram();
}

function runProgram() {
	enableCompileCache();${dashboardFirst}
	require(${JSON.stringify(bundle)});
}

/** Whether stdin and stdout are a terminal: what the program asks before opening the dashboard. */
function isTerminal() {
	var tty = require('tty');
	return tty.isatty(0) && tty.isatty(1);
}`
		: `runCached(${JSON.stringify(bundle)}, function (code) {
	return code === 0 && !process.argv.slice(2).some(function (argument) {
		return /^(?:--hook|--unset|--help|-h)$/.test(argument);
	});
});`;
	return `#!/usr/bin/env node
'use strict';
// ${command}: checks the Node.js version, then runs ${quick ? quick.bundle + ' or ' : ''}${bundle}. Plain ES5 on purpose.
var needed = ${JSON.stringify(minimumNode)};
if (olderThan(process.versions.node, needed)) {
	process.stderr.write(${JSON.stringify(command)} + ': needs Node.js ' + needed + ' or newer, and this is Node.js ' + process.versions.node + ': install a current Node.js LTS and run it again.\\n');
	process.exit(1);
}

${run}

function olderThan(version, minimum) {
	var have = version.split('.');
	var need = minimum.split('.');
	for (var index = 0; index < need.length; index++) {
		var difference = Number(have[index] || 0) - Number(need[index]);
		if (difference !== 0) {
			return difference < 0;
		}
	}

	return false;
}
${codeCacheRuntime}`;
}

/** The shims' shared code, after the version check (which the code below may assume). */
const codeCacheRuntime = String.raw`
/** Runs a bundle as Node would run the file, with its compiled code from the cache when it is this source's. */
function runCached(file, usualRun) {
	var fs = require('fs');
	var path = require('path');
	var vm = require('vm');
	var filename = path.join(__dirname, file);
	var source = fs.readFileSync(filename);
	// One file per installed copy and Node.js: two copies of msid run in turn (a global one and
	// a project's) would otherwise replace each other's cache at every start.
	var cacheFile = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : path.join(cacheDirectory(), 'code-cache', path.basename(file) + '-' + pathHash(filename) + '-' + process.version + '-' + process.arch);
	var stored = cacheFile === undefined ? undefined : readCodeCache(fs, cacheFile, source);
	var options = {filename: filename};
	if (stored !== undefined) {
		options.cachedData = stored.data;
	}

	var script = new vm.Script('(function (exports, require, module, __filename, __dirname) {' + source.toString() + '\n})', options);
	if (cacheFile !== undefined && (stored === undefined || script.cachedDataRejected || !stored.usual)) {
		// After the run, so that the cache holds the functions it compiled.
		process.once('exit', function (code) {
			var usual = usualRun(code);
			if (stored === undefined || script.cachedDataRejected || usual) {
				writeCodeCache(fs, path, cacheFile, source, script.createCachedData(), usual);
			}
		});
	}

	var bundleModule = new module.constructor(filename, module);
	bundleModule.filename = filename;
	bundleModule.paths = module.paths;
	require.cache[filename] = bundleModule;
	// A chunk in another folder requires its neighbours relative to itself, as Node would have it.
	var bundleRequire = path.dirname(filename) === __dirname ? require : function (id) {
		return bundleModule.require(id);
	};
	script.runInThisContext().call(bundleModule.exports, bundleModule.exports, bundleRequire, bundleModule, filename, path.dirname(filename));
	bundleModule.loaded = true;
	return bundleModule.exports;
}

/** A short name for a path (32-bit FNV-1a): no crypto module to load for it. */
function pathHash(text) {
	var hash = 0x811c9dc5;
	for (var index = 0; index < text.length; index++) {
		hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
	}

	return ('0000000' + hash.toString(16)).slice(-8);
}

/**
 * A cache file starts with this line, then one byte (1: written after a usual run), the source's
 * length in bytes (4 bytes, little-endian) and the source itself; V8's code cache follows.
 */
function cacheFileMagic() {
	return 'msid code cache 1\n';
}

function readCodeCache(fs, cacheFile, source) {
	var stored;
	try {
		stored = fs.readFileSync(cacheFile);
	} catch (error) {
		return undefined;
	}

	var magic = cacheFileMagic();
	var head = magic.length + 5;
	if (stored.length <= head + source.length
		|| stored.toString('latin1', 0, magic.length) !== magic
		|| stored.readUInt32LE(magic.length + 1) !== source.length
		|| !source.equals(stored.subarray(head, head + source.length))) {
		return undefined;
	}

	return {usual: stored[magic.length] === 1, data: stored.subarray(head + source.length)};
}

function writeCodeCache(fs, path, cacheFile, source, data, usual) {
	var magic = cacheFileMagic();
	var head = Buffer.alloc(magic.length + 5);
	head.write(magic, 0, 'latin1');
	head[magic.length] = usual ? 1 : 0;
	head.writeUInt32LE(source.length, magic.length + 1);
	// Written aside and renamed: a start at the same moment reads the old file or the new one.
	var temporary = cacheFile + '.' + process.pid + '.tmp';
	try {
		fs.mkdirSync(path.dirname(cacheFile), {recursive: true, mode: 448});
		fs.writeFileSync(temporary, Buffer.concat([head, source, data]), {mode: 384, flag: 'wx'});
		fs.renameSync(temporary, cacheFile);
	} catch (error) {
		// No cache (a read-only home, say) only makes the next start slower.
		try {
			fs.unlinkSync(temporary);
		} catch (ignored) {}
	}
}

function enableCompileCache() {
	var nodeModule = require('module');
	if (typeof nodeModule.enableCompileCache !== 'function') {
		return;
	}

	try {
		nodeModule.enableCompileCache(require('path').join(cacheDirectory(), 'node-compile-cache'));
	} catch (error) {
		// No cache (a read-only home, say) only makes the start slower.
	}
}

/** msid's folder in the user's cache folder. */
function cacheDirectory() {
	var path = require('path');
	var env = process.env;
	var home = function () {
		return env.HOME || require('os').homedir();
	};

	if (process.platform === 'win32') {
		return path.join(env.LOCALAPPDATA || path.join(home(), 'AppData', 'Local'), 'msid', 'Cache');
	}

	if (process.platform === 'darwin') {
		return path.join(home(), 'Library', 'Caches', 'msid');
	}

	return path.join(env.XDG_CACHE_HOME || path.join(home(), '.cache'), 'msid');
}
`;
