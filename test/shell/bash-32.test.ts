/**
 * macOS's /bin/bash is 3.2, and the bash hook's one line (`eval "$(msid-env --hook bash)"`)
 * loads shell/msid.bash and shell/completion.bash into it. Debian packages no bash that old,
 * so here the files are scanned for every construct newer than 3.2, the 3.2 clock is driven in
 * a newer bash (also in hook-thresholds.test.ts), and where a bash 3.2 is found the files run
 * in it for real (skipped with the reason elsewhere, CI included).
 */
import {execFile} from 'node:child_process';
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';
import {testNeeding} from '../helpers/tool-gate.js';
import {bash32Missing, findBash32, findTool, missingToolMessage} from './tools.js';

const run = promisify(execFile);
const shellDir = fileURLToPath(new URL('../../shell/', import.meta.url));
const files = ['msid.bash', 'completion.bash'];

/** What bash 3.2 cannot parse or run, each with the version that brought it and an example. */
const constructs: Array<{name: string; since: string; pattern: RegExp; sample: string}> = [
	{name: "printf '%(...)T'", since: '4.2', pattern: /%\([^)]*\)T/, sample: "printf -v now '%(%s)T' -1"},
	{name: '${var,,} and ${var,}', since: '4.0', pattern: /\$\{[#!]?\w+(?:\[[^\]]*\])?,/, sample: 'echo "${name,,}"'},
	{name: '${var^^} and ${var^}', since: '4.0', pattern: /\$\{[#!]?\w+(?:\[[^\]]*\])?\^/, sample: 'echo "${name^^}"'},
	{name: '${var@op}', since: '4.4', pattern: /\$\{[#!]?\w+(?:\[[^\]]*\])?@[QEPAaKkUuL]\}/, sample: 'echo "${name@Q}"'},
	{name: 'declare/typeset/local -A, -n, -g, -l, -u, -c', since: '4.0 to 4.3', pattern: /\b(?:declare|typeset|local|readonly)\s+(?:-[a-zA-Z]*\s+)*-[a-zA-Z]*[Angluc]/, sample: 'declare -A map'},
	{name: 'local -', since: '4.4', pattern: /\blocal\s+-(?:\s|$)/, sample: 'local -'},
	{name: 'mapfile and readarray', since: '4.0', pattern: /\b(?:mapfile|readarray)\b/, sample: 'mapfile -t lines < file'},
	{name: ';& and ;;& in case', since: '4.0', pattern: /;;?&/, sample: 'a) echo a ;&'},
	{name: '|&', since: '4.0', pattern: /\|&/, sample: 'make |& tee log'},
	{name: '&>>', since: '4.0', pattern: /&>>/, sample: 'make &>> log'},
	{name: 'negative array indices and offsets', since: '4.2 and 4.3', pattern: /\[\s*-\s*\d+\s*\]|\$\{\w+\[[@*]\]:\s*-\d|\$\{\w+:[^}:]*:\s*-\d/, sample: 'echo "${words[-1]}"'},
	{name: 'coproc', since: '4.0', pattern: /\bcoproc\b/, sample: 'coproc cat'},
	{name: 'wait -n', since: '4.3', pattern: /\bwait\s+-n\b/, sample: 'wait -n'},
	{name: '[[ -v name ]]', since: '4.2', pattern: /(?:\[\[|\[|\btest)\s+-v\s/, sample: '[[ -v name ]]'},
	{name: '{fd}> redirections', since: '4.1', pattern: /(?<!\$)\{\w+\}[<>]/, sample: 'exec {fd}>file'},
	{name: '$BASHPID', since: '4.0', pattern: /\bBASHPID\b/, sample: 'echo $BASHPID'},
	{name: '{a..b..step}', since: '4.0', pattern: /\{[\w-]+\.\.[\w-]+\.\.[\w-]+\}/, sample: 'echo {1..9..2}'},
	{name: 'read -i and read -N', since: '4.0 and 4.1', pattern: /\bread\b[^;\n|]*\s-[a-zA-Z]*[iN]\b/, sample: 'read -e -i default answer'},
	{name: 'compopt', since: '4.0', pattern: /\bcompopt\b/, sample: 'compopt -o filenames'},
	{name: 'shopt options from bash 4 on', since: '4.0 and later', pattern: /\bshopt\s+-s\s+(?:globstar|lastpipe|autocd|checkjobs|dirspell|direxpand|globasciiranges|inherit_errexit|localvar_inherit|localvar_unset|assoc_expand_once)\b/, sample: 'shopt -s globstar'},
];

/** Newer constructs used on purpose: each line, and the check that keeps bash 3.2 from it. */
const kept: Array<{file: string; line: RegExp; guard: RegExp; why: string}> = [
	{
		file: 'msid.bash',
		line: /^\s*printf\) printf -v __msid_now '%\(%s\)T' -1 ;;$/,
		guard: /elif \(\(BASH_VERSINFO\[0\] \* 100 \+ BASH_VERSINFO\[1\] >= 402\)\); then\n\t__msid_clock=printf\n/,
		why: 'the printf clock is chosen from bash 4.2 on only',
	},
	{
		file: 'msid.bash',
		line: /^if \(\(BASH_VERSINFO\[0\] \* 100 \+ BASH_VERSINFO\[1\] >= 501\)\) && eval '\[\[ \$\{PROMPT_COMMAND@a\} == \*a\* \]\]'; then$/,
		guard: /&& eval '\[\[ \$\{PROMPT_COMMAND@a\}/,
		why: 'read from bash 5.1 on only, inside eval so that bash 3.2 never parses it',
	},
	{
		file: 'completion.bash',
		line: /^\s*compopt -o filenames 2>\/dev\/null$/,
		guard: /compopt -o filenames 2>\/dev\/null/,
		why: 'bash 3.2 has no compopt: the call fails in silence and the names are offered unmarked',
	},
];

/** Each use of a newer construct that no entry of `kept` explains, as "file:line: construct". */
function scan(file: string, text: string): string[] {
	const found: string[] = [];
	for (const [index, line] of text.split('\n').entries()) {
		if (/^\s*#/.test(line)) {
			continue;
		}

		for (const construct of constructs) {
			if (construct.pattern.test(line) && !kept.some(entry => entry.file === file && entry.line.test(line))) {
				found.push(`${file}:${index + 1}: ${construct.name} (bash ${construct.since}): ${line.trim()}`);
			}
		}
	}

	return found;
}

test('the scan finds every construct it looks for', t => {
	for (const construct of constructs) {
		t.true(scan('other.bash', construct.sample).some(found => found.includes(construct.name)), `${construct.name} is not found in ${construct.sample}`);
	}
});

test('shell/msid.bash and shell/completion.bash use nothing newer than bash 3.2 outside a version check', async t => {
	for (const file of files) {
		t.deepEqual(scan(file, await readFile(join(shellDir, file), 'utf8')), []);
	}

	for (const entry of kept) {
		const text = await readFile(join(shellDir, entry.file), 'utf8');
		t.true(text.split('\n').some(line => entry.line.test(line)), `${entry.file} no longer has the line kept because ${entry.why}: drop it from the list`);
		t.regex(text, entry.guard, `${entry.file}: ${entry.why}`);
	}
});

const strace = findTool('strace');
testNeeding(findTool('bash') && strace ? undefined : missingToolMessage(strace ? 'bash' : 'strace', strace ? 'bash' : 'strace'))(
	'the bash 3.2 clock ($SECONDS) starts no process at a fresh-token prompt after the first (strace)',
	async t => {
		const directory = await mkdtemp(join(tmpdir(), 'msid-bash32-'));
		try {
			const now = Math.floor(Date.now() / 1000);
			await writeFile(join(directory, 'script'), [
				`source ${join(shellDir, 'msid.bash')}`,
				'__msid_clock=seconds',
				'__msid_prompt_hook',
				// A builtin that opens a file: a mark in the trace, with no process.
				': < ./mark-start',
				'__msid_prompt_hook',
				'__msid_prompt_hook',
				'__msid_prompt_hook',
				': < ./mark-end',
				'',
			].join('\n'));
			await writeFile(join(directory, 'mark-start'), '');
			await writeFile(join(directory, 'mark-end'), '');
			const trace = join(directory, 'trace');
			await run(strace!, ['-f', '-e', 'trace=execve,fork,vfork,clone,clone3,openat', '-o', trace, 'bash', '--norc', '--noprofile', './script'], {
				cwd: directory,
				env: {
					PATH: process.env['PATH'] ?? '/usr/bin:/bin',
					HOME: directory,
					TMPDIR: directory,
					MSID_ENV_COMMAND: '/nonexistent/msid-env',
					MSID_TOKEN_REFRESH_AT: String(now + 3000),
					MSID_TOKEN_EXPIRES_ON: String(now + 3300),
				},
			});
			const lines = (await readFile(trace, 'utf8')).split('\n');
			const start = lines.findIndex(line => line.includes('mark-start'));
			const end = lines.findIndex(line => line.includes('mark-end'));
			t.true(start > 0 && end > start, 'both marks are in the trace');
			const started = (part: string[]) => part.filter(line => /\b(?:execve|fork|vfork|clone3?)\(/.test(line) && !line.includes('CLONE_THREAD'));
			t.true(started(lines.slice(0, start)).some(line => /execve\("[^"]*\/date"/.test(line)), 'the first prompt read `date` once (the trace sees processes)');
			t.deepEqual(started(lines.slice(start, end)), []);
		} finally {
			await rm(directory, {recursive: true, force: true});
		}
	},
);

const bash32 = findBash32();
testNeeding(bash32Missing(bash32), {notPackagedHere: true})('bash 3.2 itself loads the hook and the completion without a word, and completes', async t => {
	const directory = await mkdtemp(join(tmpdir(), 'msid-bash32-'));
	try {
		await writeFile(join(directory, 'msid'), '#!/bin/sh\nprintf \'words\\ntoken\\ttoken\\n\'\n');
		await chmod(join(directory, 'msid'), 0o755);
		const script = [
			`source ${join(shellDir, 'msid.bash')}`,
			`source ${join(shellDir, 'completion.bash')}`,
			'COMP_WORDS=(msid to); COMP_CWORD=1; __msid_complete',
			'printf "%s\\n" "${COMPREPLY[@]}"',
			'',
		].join('\n');
		await writeFile(join(directory, 'script'), script);
		const {stdout, stderr} = await run(bash32!, ['--norc', '--noprofile', './script'], {
			cwd: directory,
			env: {PATH: `${directory}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, HOME: directory, TMPDIR: directory},
		});
		t.is(stderr, '');
		t.is(stdout, 'token\n');
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
});
