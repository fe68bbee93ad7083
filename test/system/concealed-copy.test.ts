/**
 * The copy that keeps a secret out of clipboard history runs PowerShell on Windows and
 * osascript on macOS, neither of which exists here: these tests run each platform's code path
 * against a stand-in program that records its argv and standard input, and check that the
 * secret travels only on stdin and that the script sets the platform's documented marks. What
 * the real programs do with the script is untested (README: platform table).
 */
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {concealedCopier} from '../../source/system/concealed-copy.js';
import {createClipboard} from '../../source/system/clipboard.js';
import {FakeClock} from './fake-clock.js';

const secret = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2ln-secret';

/** A folder with `program` standing in for the real one; answers its recorded argv and stdin. */
async function standIn(t: ExecutionContext, program: string, exitCode = 0) {
	const dir = await mkdtemp(path.join(tmpdir(), 'msid-concealed-'));
	t.teardown(async () => rm(dir, {recursive: true, force: true}));
	const script = `#!/bin/sh\nfor argument in "$@"; do printf '%s\\n' "$argument"; done > "${dir}/argv"\ncat > "${dir}/stdin"\nexit ${exitCode}\n`;
	await writeFile(path.join(dir, program), script);
	await chmod(path.join(dir, program), 0o755);
	return {
		env: {PATH: `${dir}:/usr/bin:/bin`},
		argv: async () => (await readFile(path.join(dir, 'argv'), 'utf8')).split('\n').slice(0, -1),
		stdin: async () => readFile(path.join(dir, 'stdin'), 'utf8'),
	};
}

test('Windows: the secret reaches PowerShell on stdin only, and the script marks it for neither history nor cloud clipboard', async t => {
	const program = await standIn(t, 'powershell.exe');
	await concealedCopier('win32', program.env)!(secret);
	const argv = await program.argv();
	t.false(argv.some(argument => argument.includes(secret)));
	t.deepEqual(argv.slice(0, 4), ['-NoProfile', '-NonInteractive', '-STA', '-EncodedCommand']);
	const script = Buffer.from(argv[4]!, 'base64').toString('utf16le');
	for (const format of ['ExcludeClipboardContentFromMonitorProcessing', 'CanIncludeInClipboardHistory', 'CanUploadToCloudClipboard']) {
		t.true(script.includes(format), format);
	}

	t.regex(script, /SetDataObject\(\$data, \$true\)/);
	t.is(await program.stdin(), secret);
});

test('macOS: the secret reaches osascript on stdin only, marked concealed and kept off other devices', async t => {
	const program = await standIn(t, 'osascript');
	await concealedCopier('darwin', program.env)!(secret);
	const argv = await program.argv();
	t.false(argv.some(argument => argument.includes(secret)));
	t.deepEqual(argv.slice(0, 3), ['-l', 'JavaScript', '-e']);
	t.regex(argv.slice(3).join('\n'), /'org\.nspasteboard\.ConcealedType'/);
	t.regex(argv.slice(3).join('\n'), /prepareForNewContentsWithOptions\(1\)/);
	t.is(await program.stdin(), secret);
});

test('Linux has no mark every clipboard manager honours: no concealed copy is offered', t => {
	t.is(concealedCopier('linux', {}), undefined);
	t.is(concealedCopier('freebsd', {}), undefined);
});

test('copySecret on the macOS system clipboard goes through the concealed copy', async t => {
	const program = await standIn(t, 'osascript');
	const clipboard = createClipboard({clock: new FakeClock(), env: {...program.env, MSID_CLIPBOARD: 'system'}, platform: 'darwin'});
	const copy = await clipboard.copySecret(secret);
	copy.cancel();
	t.is(await program.stdin(), secret);
});

test('a concealed copy that fails is reported by the stand-in\'s exit, never with the secret', async t => {
	const program = await standIn(t, 'osascript', 1);
	const error = await t.throwsAsync(concealedCopier('darwin', program.env)!(secret));
	t.false(error.message.includes(secret));
});
