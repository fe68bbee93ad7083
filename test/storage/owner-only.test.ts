/**
 * On Windows a secrets file gets an owner-only ACL before any secret is written to it. Windows
 * cannot run here: these tests check the call msid makes (icacls, no shell, the path as one
 * argument) and that the writer makes it first; on Linux the mode does the job.
 */
import {statSync} from 'node:fs';
import {mkdtemp, readFile, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {writePrivateFileAtomically, writePrivateFileAtomicallySync} from '../../source/storage/atomic-file.js';
import {ownerOnlyAcl, protectionOf, restrictToOwner} from '../../source/storage/owner-only.js';

test('Windows: icacls removes inherited access and grants the current user alone, the path as one argument', t => {
	const calls: Array<[string, string[]]> = [];
	const file = String.raw`C:\Users\Ann & Bob\msid %TEMP%\secrets.json.tmp-1`;
	restrictToOwner(file, {platform: 'win32', env: {USERNAME: 'ann', USERDOMAIN: 'CONTOSO'}, run: (command, args) => calls.push([command, args])});
	t.deepEqual(calls, [['icacls', [file, '/inheritance:r', '/grant:r', String.raw`CONTOSO\ann:(F)`, '/q']]]);
	t.deepEqual(ownerOnlyAcl('f', 'ann').args.slice(1, 3), ['/inheritance:r', '/grant:r']);
});

test('elsewhere nothing is run: the 0600 mode protects the file', t => {
	const calls: string[] = [];
	restrictToOwner('/tmp/x', {platform: 'linux', run: command => calls.push(command)});
	t.deepEqual(calls, []);
	t.regex(protectionOf('linux'), /0600/);
	t.regex(protectionOf('win32'), /ACL/);
});

for (const [kind, write] of [
	['async', writePrivateFileAtomically],
	['sync', async (file: string, content: string, options: Parameters<typeof writePrivateFileAtomicallySync>[2]) => {
		writePrivateFileAtomicallySync(file, content, options);
	}],
] as const) {
	test(`the ${kind} writer protects the new file before it writes the secret into it`, async t => {
		const dir = await mkdtemp(path.join(tmpdir(), 'msid-owner-'));
		const file = path.join(dir, 'secrets.json');
		const seen: Array<{file: string; size: number}> = [];
		await write(file, 'the-secret', {
			protect(temporary) {
				seen.push({file: temporary, size: statSync(temporary).size});
			},
		});
		t.is(seen.length, 1);
		t.is(seen[0]!.size, 0, 'nothing was written before the file was protected');
		t.not(seen[0]!.file, file, 'the temp file, before it replaces the target');
		t.is(await readFile(file, 'utf8'), 'the-secret');
		t.is((await stat(file)).mode & 0o777, 0o600);
	});
}
