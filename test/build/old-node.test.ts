/**
 * On a Node.js older than msid needs, each command says so in one line and exits 1, instead
 * of running until some newer API is missing. Node 20 comes from the npm registry (the `node`
 * package), kept in this test's own cache folder across runs.
 */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, rename, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {cliPath, envPath} from '../helpers/cli.js';

const run = promisify(execFile);
const cacheDir = path.join(tmpdir(), 'msid-test-cache');
const node20 = path.join(cacheDir, 'node20', 'node_modules', 'node', 'bin', 'node');

/** Node 20 from the npm registry, installed once into the cache folder. */
async function installNode20(): Promise<string> {
	if (existsSync(node20)) {
		return node20;
	}

	await mkdir(cacheDir, {recursive: true});
	const staging = await mkdtemp(path.join(cacheDir, 'node20-'));
	try {
		await run('npm', ['install', '--prefix', staging, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', 'node@20'], {timeout: 10 * 60_000});
		await rename(staging, path.dirname(path.dirname(path.dirname(path.dirname(node20)))));
	} catch (error) {
		await rm(staging, {recursive: true, force: true});
		if (!existsSync(node20)) {
			throw error;
		}
	}

	return node20;
}

for (const [command, file] of [['msid', cliPath], ['msid-env', envPath]] as const) {
	test.serial(`${command} on Node 20: one line naming the Node.js it needs, exit status 1`, async t => {
		t.timeout(12 * 60_000);
		const node = await installNode20();
		const {stdout: version} = await run(node, ['--version']);
		t.regex(version, /^v20\./);
		const error = await t.throwsAsync(run(node, [file, ...(command === 'msid' ? ['token'] : ['--shell', 'bash'])])) as unknown as {code: number; stdout: string; stderr: string};
		t.is(error.code, 1);
		t.is(error.stdout, '');
		t.regex(error.stderr, new RegExp(`^${command}: needs Node\\.js 22 or newer, and this is Node\\.js 20\\.\\d+\\.\\d+: install a current Node\\.js LTS and run it again\\.\\n$`));
	});
}
