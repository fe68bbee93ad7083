/**
 * Runs msid-env-style code in a real shell the way users do (`eval "$(msid-env)"`, or
 * `msid-env | source` in fish) inside a temp dir, then reads back what a child process sees.
 */
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import type {ShellKind} from '../../source/shell-env/shells.js';
import {findTool} from '../shell/tools.js';

const run = promisify(execFile);

export interface ShellUnderTest {
	kind: ShellKind;
	label: string;
	/** Debian package that provides the binary. */
	package: string;
	binary: string | undefined;
	argv(script: string): string[];
	/** The script: load ./code the way users do, then have a child write its environment. */
	script: string;
	/** Extra environment, e.g. a locale. */
	env?: Record<string, string>;
}

const dumpEnvironment = "env -0 > ./env.out";

export function shellsUnderTest(): ShellUnderTest[] {
	const posix = findTool('dash') ? 'dash' : 'sh';
	return [
		{kind: 'bash', label: 'bash', package: 'bash', binary: findTool('bash'), argv: s => ['--norc', '--noprofile', s], script: `eval "$(cat ./code)"\n${dumpEnvironment}\n`},
		{kind: 'bash', label: 'bash (C locale)', package: 'bash', binary: findTool('bash'), argv: s => ['--norc', '--noprofile', s], script: `eval "$(cat ./code)"\n${dumpEnvironment}\n`, env: {LC_ALL: 'C'}},
		{kind: 'zsh', label: 'zsh', package: 'zsh', binary: findTool('zsh'), argv: s => ['-f', s], script: `eval "$(cat ./code)"\n${dumpEnvironment}\n`},
		// RC_QUOTES makes '' inside single quotes a literal quote: the code must not depend on it.
		{kind: 'zsh', label: 'zsh (RC_QUOTES)', package: 'zsh', binary: findTool('zsh'), argv: s => ['-f', s], script: `setopt RC_QUOTES\neval "$(cat ./code)"\n${dumpEnvironment}\n`},
		{kind: 'posix', label: posix, package: posix === 'dash' ? 'dash' : 'a POSIX sh', binary: findTool(posix), argv: s => [s], script: `eval "$(cat ./code)"\n${dumpEnvironment}\n`},
		{kind: 'fish', label: 'fish', package: 'fish', binary: findTool('fish'), argv: s => ['--no-config', s], script: `cat ./code | source\n${dumpEnvironment}\n`},
		{
			kind: 'pwsh',
			label: 'pwsh',
			package: 'powershell',
			binary: findTool('pwsh'),
			argv: s => ['-NoProfile', '-NonInteractive', '-File', s],
			script: `Invoke-Expression (Get-Content -Raw -Encoding utf8 ./code)\n& sh -c '${dumpEnvironment}'\n`,
		},
	];
}

export interface EvalResult {
	/** What a child process saw, by variable name. */
	environment: Map<string, Buffer>;
	canaryCreated: boolean;
	stderr: string;
}

export async function evalInShell(shell: ShellUnderTest, code: Buffer | string): Promise<EvalResult> {
	const directory = await mkdtemp(join(tmpdir(), 'msid-quote-'));
	try {
		await writeFile(join(directory, 'code'), code);
		const scriptPath = join(directory, shell.kind === 'pwsh' ? 'script.ps1' : 'script');
		await writeFile(scriptPath, shell.script);
		const {stderr} = await run(shell.binary!, shell.argv(scriptPath), {
			cwd: directory,
			env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: directory, LC_ALL: 'C.UTF-8', ...shell.env},
			maxBuffer: 64 * 1024 * 1024,
		});
		return {
			environment: parseEnvDump(await readFile(join(directory, 'env.out'))),
			canaryCreated: existsSync(join(directory, 'CANARY')),
			stderr,
		};
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}

function parseEnvDump(dump: Buffer): Map<string, Buffer> {
	const environment = new Map<string, Buffer>();
	let start = 0;
	while (start < dump.length) {
		const end = dump.indexOf(0, start);
		const entry = dump.subarray(start, end === -1 ? dump.length : end);
		const equals = entry.indexOf(0x3D);
		environment.set(entry.subarray(0, equals).toString('latin1'), Buffer.from(entry.subarray(equals + 1)));
		start = end === -1 ? dump.length : end + 1;
	}

	return environment;
}
