/**
 * Writes text to a file descriptor synchronously, without creating process.stdout: for the pipe
 * of `eval "$(msid-env)"` that stream is a net.Socket, whose modules msid-env would otherwise
 * load before every stale prompt.
 *
 * A parent may hand over a descriptor it made non-blocking; a full pipe then answers EAGAIN,
 * and we wait a moment and write on, so the output always arrives whole.
 */
import {writeSync} from 'node:fs';

const retryWaitMs = 5;

export function writeAll(fd: number, text: string): void {
	let rest = Buffer.from(text, 'utf8');
	while (rest.length > 0) {
		try {
			rest = rest.subarray(writeSync(fd, rest));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
				throw error;
			}

			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, retryWaitMs);
		}
	}
}
