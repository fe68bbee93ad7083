import {readdir, readFile, stat, writeFile} from 'node:fs/promises';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {atomicWriteRetries, writePrivateFileAtomically, writePrivateFileAtomicallySync} from '../../source/storage/atomic-file.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';

test.after.always(cleanupTempDirs);

function failingRename(code: string, failures: number) {
	const calls: string[] = [];
	const refuse = (from: string) => {
		calls.push(from);
		if (calls.length <= failures) {
			throw Object.assign(new Error(`${code}: resource busy or locked, rename '${from}'`), {code});
		}
	};

	return {
		calls,
		rename: async (from: string, to: string) => {
			refuse(from);
			await fs.promises.rename(from, to);
		},
		renameSync(from: string, to: string) {
			refuse(from);
			fs.renameSync(from, to);
		},
	};
}

async function setUp() {
	const dir = await makeTempDir();
	const file = path.join(dir, 'secrets.json');
	await writeFile(file, 'old content\n');
	const pauses: number[] = [];
	const pause = (ms: number) => {
		pauses.push(ms);
	};

	return {dir, file, pauses, pause};
}

const writers = {
	async: writePrivateFileAtomically,
	sync: async (...args: Parameters<typeof writePrivateFileAtomicallySync>) => writePrivateFileAtomicallySync(...args),
};

for (const [kind, write] of Object.entries(writers)) {
	for (const code of ['EPERM', 'EBUSY']) {
		test(`${kind}: a rename refused with ${code} a few times (a file held open on Windows) is retried and succeeds`, async t => {
			const {dir, file, pauses, pause} = await setUp();
			const fileSystem = failingRename(code, 3);
			await write(file, 'new content\n', {fileSystem, pause});
			t.is(await readFile(file, 'utf8'), 'new content\n');
			t.is(fileSystem.calls.length, 4);
			t.deepEqual(pauses, [10, 20, 40]);
			t.deepEqual(await readdir(dir), ['secrets.json'], 'no temp file is left behind');
			t.is((await stat(file)).mode & 0o777, 0o600);
		});
	}

	test(`${kind}: a rename that keeps failing gives up after a bounded number of retries, leaving the old file whole and no half file`, async t => {
		const {dir, file, pauses, pause} = await setUp();
		const fileSystem = failingRename('EBUSY', Number.POSITIVE_INFINITY);
		await t.throwsAsync(write(file, 'new content\n', {fileSystem, pause}), {message: /EBUSY/});
		t.is(fileSystem.calls.length, atomicWriteRetries + 1);
		t.true(pauses.reduce((sum, ms) => sum + ms, 0) <= 2000, 'bounded in total');
		t.is(await readFile(file, 'utf8'), 'old content\n');
		t.deepEqual(await readdir(dir), ['secrets.json']);
	});

	test(`${kind}: the last allowed retry still succeeds (the boundary)`, async t => {
		const {file, pause} = await setUp();
		const fileSystem = failingRename('EPERM', atomicWriteRetries);
		await write(file, 'new content\n', {fileSystem, pause});
		t.is(await readFile(file, 'utf8'), 'new content\n');
	});

	test(`${kind}: other errors are not retried`, async t => {
		const {dir, file, pauses, pause} = await setUp();
		const fileSystem = failingRename('ENOSPC', 1);
		await t.throwsAsync(write(file, 'new content\n', {fileSystem, pause}), {message: /ENOSPC/});
		t.is(fileSystem.calls.length, 1);
		t.deepEqual(pauses, []);
		t.deepEqual(await readdir(dir), ['secrets.json']);
	});
}

test('a reader racing many writers only ever sees a whole old or new file', async t => {
	const {file} = await setUp();
	const versions = Array.from({length: 30}, (_, index) => `${'x'.repeat(50_000)}${index}\n`);
	let reading = true;
	const seen = new Set<string>();
	const reader = (async () => {
		while (reading) {
			seen.add(await readFile(file, 'utf8'));
		}
	})();
	for (const version of versions) {
		await writePrivateFileAtomically(file, version);
	}

	reading = false;
	await reader;
	for (const text of seen) {
		t.true(text === 'old content\n' || versions.includes(text), 'never a torn file');
	}
});
