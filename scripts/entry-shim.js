/**
 * The files behind the `msid` and `msid-env` commands. They are written for any Node.js, even
 * one too old for the rest of msid to parse, so that an old Node gets one line saying which
 * version msid needs (and exit status 1) instead of a crash somewhere later.
 *
 * They also turn on Node's compile cache before loading the program: V8 then reuses the code
 * it compiled at an earlier start, a few ms of every msid-env run. The cache lives in the
 * user's own cache folder (not Node's default in the shared temp folder, where another user
 * could plant compiled code); NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE still rule.
 *
 * `quick` (msid's shim only): a first argument and a small bundle that tries to answer it alone
 * (source/quick-token.ts) and hands over to the program, with a function, when it cannot.
 */
export function entryShim({command, bundle, minimumNode, quick}) {
	const run = quick
		? `if (process.argv[2] === ${JSON.stringify(quick.argument)}) {
	require(${JSON.stringify(quick.bundle)}).start(function () {
		require(${JSON.stringify(bundle)});
	});
} else {
	require(${JSON.stringify(bundle)});
}`
		: `require(${JSON.stringify(bundle)});`;
	return `#!/usr/bin/env node
'use strict';
// ${command}: checks the Node.js version, then runs ${bundle}. Plain ES5 on purpose.
var needed = ${JSON.stringify(minimumNode)};
if (olderThan(process.versions.node, needed)) {
	process.stderr.write(${JSON.stringify(command)} + ': needs Node.js ' + needed + ' or newer, and this is Node.js ' + process.versions.node + ': install a current Node.js LTS and run it again.\\n');
	process.exit(1);
}

enableCompileCache();
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

function enableCompileCache() {
	var nodeModule = require('module');
	if (typeof nodeModule.enableCompileCache !== 'function') {
		return;
	}

	try {
		nodeModule.enableCompileCache(cacheDirectory());
	} catch (error) {
		// No cache (a read-only home, say) only makes the start slower.
	}
}

function cacheDirectory() {
	var path = require('path');
	var env = process.env;
	var home = function () {
		return env.HOME || require('os').homedir();
	};

	if (process.platform === 'win32') {
		return path.join(env.LOCALAPPDATA || path.join(home(), 'AppData', 'Local'), 'msid', 'Cache', 'node-compile-cache');
	}

	if (process.platform === 'darwin') {
		return path.join(home(), 'Library', 'Caches', 'msid', 'node-compile-cache');
	}

	return path.join(env.XDG_CACHE_HOME || path.join(home(), '.cache'), 'msid', 'node-compile-cache');
}
`;
}
