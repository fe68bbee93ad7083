/**
 * writeAll on a full, non-blocking pipe (a FIFO opened O_NONBLOCK, read by a real cat):
 * every byte arrives, in order, although the kernel answers EAGAIN along the way.
 */
import {spawn} from 'node:child_process';
import {closeSync, constants, openSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {writeAll} from '../../source/system/write-all.js';
import {makeTempDir} from '../helpers/temp-dirs.js';

function openWhenReaderIsThere(fifo: string): number {
	for (;;) {
		try {
			return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
		} catch (error) {
			// ENXIO: the reader has not opened its end yet.
			if ((error as NodeJS.ErrnoException).code !== 'ENXIO') {
				throw error;
			}

			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
		}
	}
}

test('a megabyte of multi-byte text reaches a slow reader through a non-blocking pipe whole', async t => {
	const dir = await makeTempDir('msid-write-all-');
	const fifo = path.join(dir, 'pipe');
	const received = path.join(dir, 'received');
	await execa('mkfifo', [fifo]);
	// A megabyte outruns cat (a pipe holds 64 KiB): without its EAGAIN handling writeAll throws.
	const reader = spawn('sh', ['-c', 'exec 3<"$1"; cat <&3 >"$2"', 'sh', fifo, received], {stdio: 'ignore'});
	const closed = new Promise(resolve => reader.on('close', resolve));
	const text = 'token €😀 '.repeat(80_000);
	const fd = openWhenReaderIsThere(fifo);
	try {
		writeAll(fd, text);
	} finally {
		closeSync(fd);
	}

	t.is(await closed, 0);
	t.is(readFileSync(received, 'utf8'), text);
});
