/**
 * msid installed the ways people install a CLI, from a fresh clone of this tree: the tarball of
 * `npm pack` and the clone folder. Each install must give working `msid` and `msid-env`; the
 * tarball's is used for a full device-code sign-in against the emulator and must take 15 MB or
 * less. npm comes from the machine and packages from the npm registry.
 *
 * npm 11 runs a package's install scripts in a global install only when allowed, and a folder
 * needs its `prepare` (the build): hence --allow-scripts=msid, as the README says.
 */
import {execFile} from 'node:child_process';
import {copyFile, mkdir, readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {startEmulator, type Emulator} from '../../source/emulator/index.js';
import {approveOnEmulator, deviceCodePrompt, keychainPerTestFile} from '../helpers/e2e.js';
import {makeMsidEnv, repoRoot, runMsid, startMsid} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp-dirs.js';

const run = promisify(execFile);
const keyring = keychainPerTestFile();
const installTimeout = 15 * 60_000;
const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error'];

let snapshot: string;
let clone: string;
let tarball: string;
let emulator: Emulator | undefined;

async function git(cwd: string, ...args: string[]) {
	return run('git', ['-c', 'user.name=msid test', '-c', 'user.email=test@msid.invalid', ...args], {cwd});
}

/** This working tree as a commit of its own (what a clone of it would hold), in a new repository. */
async function snapshotRepository(): Promise<string> {
	const directory = await makeTempDir('msid-snapshot-');
	const {stdout} = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {cwd: repoRoot, maxBuffer: 16 * 1024 * 1024});
	for (const file of stdout.split('\0').filter(Boolean)) {
		try {
			await mkdir(path.join(directory, path.dirname(file)), {recursive: true});
			await copyFile(path.join(repoRoot, file), path.join(directory, file));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') { // Deleted in the tree, not yet in the index.
				throw error;
			}
		}
	}

	await git(directory, 'init', '-q');
	await git(directory, 'add', '-A');
	await git(directory, 'commit', '-q', '-m', 'snapshot');
	return directory;
}

async function freshClone(): Promise<string> {
	const directory = path.join(await makeTempDir('msid-clone-'), 'msid');
	await git(path.dirname(directory), 'clone', '-q', `file://${snapshot}`, directory);
	return directory;
}

async function treeBytes(directory: string): Promise<number> {
	let total = 0;
	for (const name of await readdir(directory, {recursive: true})) {
		const info = await stat(path.join(directory, name)).catch(() => undefined);
		total += info?.isFile() ? info.size : 0;
	}

	return total;
}

async function installGlobally(what: string, extra: string[] = []): Promise<{prefix: string; msid: string; msidEnv: string}> {
	const prefix = await makeTempDir('msid-prefix-');
	await run('npm', ['install', '--global', '--prefix', prefix, ...npmFlags, ...extra, what], {timeout: installTimeout});
	return {prefix, msid: path.join(prefix, 'bin', 'msid'), msidEnv: path.join(prefix, 'bin', 'msid-env')};
}

test.before(async t => {
	t.timeout(installTimeout);
	snapshot = await snapshotRepository();
	clone = await freshClone();
	// npm pack in the fresh clone: `prepare` installs the build tools and builds dist/.
	const {stdout} = await run('npm', ['pack', ...npmFlags], {cwd: clone, timeout: installTimeout, maxBuffer: 16 * 1024 * 1024});
	tarball = path.join(clone, stdout.trim().split('\n').at(-1)!);
	emulator = await startEmulator({interval: 1});
});

test.after.always(async () => emulator?.close());

test.serial('the npm pack tarball installs globally: msid --version, a device-code sign-in, msid-env and msid token, in 15 MB or less', async t => {
	t.timeout(installTimeout);
	const installed = await installGlobally(tarball);
	const {stdout: version} = await run(installed.msid, ['--version']);
	t.regex(version, /^\d+\.\d+\.\d+\n$/);

	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator!.url});
	const login = startMsid(['login'], msid.env, {program: installed.msid});
	const [, verificationUri, userCode] = (await login.waitForStderr(deviceCodePrompt)) as unknown as [string, string, string];
	await approveOnEmulator()(userCode, verificationUri);
	const signedIn = await login.done;
	t.is(signedIn.code, 0, signedIn.stderr);

	const shell = await runMsid(['--shell', 'bash'], msid.env, {program: installed.msidEnv});
	t.is(shell.code, 0, shell.stderr);
	t.regex(shell.stdout, /^export MSID_ACCESS_TOKEN='ey[\w.-]+'$/m);
	const token = await runMsid(['token'], msid.env, {program: installed.msid});
	t.is(token.code, 0, token.stderr);
	t.true(shell.stdout.includes(`'${token.stdout.trim()}'`), 'msid-env and msid token hand out the same cached token');

	const bytes = await treeBytes(installed.prefix);
	t.log(`installed tree: ${(bytes / 1024 / 1024).toFixed(1)} MB (${bytes} bytes) under ${installed.prefix}`);
	t.true(bytes <= 15 * 1024 * 1024, `${bytes} bytes`);
});

test.serial('a fresh clone folder installs globally with working msid and msid-env', async t => {
	t.timeout(installTimeout);
	const installed = await installGlobally(await freshClone(), ['--allow-scripts=msid']);
	const {stdout: version} = await run(installed.msid, ['--version']);
	t.regex(version, /^\d+\.\d+\.\d+\n$/);
	const {stdout: hook} = await run(installed.msidEnv, ['--hook', 'bash']);
	t.regex(hook, /__msid_prompt_hook/);
});
