// npm's `prepare`: builds dist/ whenever a package is made from this folder (npm pack, npm
// publish, npm install from a git URL or a folder), so an installed msid always has its program.
//
// npm installs the build tools (devDependencies) before `prepare` for a git URL, but not for
// `npm pack` in a fresh clone: then they are installed here first, exactly as locked.
import {execFileSync} from 'node:child_process';
import {createRequire} from 'node:module';

function buildToolsInstalled() {
	try {
		createRequire(import.meta.url).resolve('esbuild');
		return true;
	} catch {
		return false;
	}
}

if (!buildToolsInstalled()) {
	const npm = process.env.npm_execpath;
	const [command, args] = npm ? [process.execPath, [npm]] : ['npm', []];
	console.error('msid: installing the build tools (npm ci) to build dist/');
	// Into this folder, whatever the outer command installs into (npm install --global FOLDER).
	const env = {...process.env};
	for (const name of ['npm_config_global', 'npm_config_location', 'npm_config_prefix', 'npm_config_allow_scripts']) {
		delete env[name];
	}

	execFileSync(command, [...args, 'ci', '--ignore-scripts', '--no-audit', '--no-fund'], {stdio: 'inherit', env});
}

execFileSync(process.execPath, ['scripts/build.js'], {stdio: 'inherit'});
