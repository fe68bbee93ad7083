/**
 * msid's one way to write a file it owns (config.json, the secrets file, the allow list):
 * readers see either the old or the new content, never a torn one. A fresh temp file (mode
 * 0600, and on Windows an owner-only ACL) in the same folder, flushed to disk, then renamed
 * over the target.
 *
 * Windows refuses to replace a file another process holds open (an antivirus scanner, a search
 * indexer, another msid reading it) with EPERM or EBUSY, for a moment. The rename is retried a
 * bounded number of times with growing pauses (about 1.5 s in all), so a rotated refresh token
 * is not lost to a scanner's glance; then the error is reported and the temp file removed.
 */
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import {restrictToOwner} from './owner-only.js';

/** The file operations the writer needs; tests inject a rename that fails. */
export interface AtomicFileSystem {
	rename(from: string, to: string): Promise<void>;
	renameSync(from: string, to: string): void;
}

export interface AtomicWriteOptions {
	fileSystem?: Partial<AtomicFileSystem>;
	/** Limits who may read the new file before anything is written to it (owner-only.ts). */
	protect?: (file: string) => void;
	/** Pause before retry `attempt` (1-based); tests pass one that records instead of waiting. */
	pause?: (ms: number) => Promise<void> | void;
}

const retryableCodes = new Set(['EPERM', 'EBUSY', 'EACCES']);
/** Pauses before each retry: 10, 20, 40 ... ms, capped; 8 retries is about 1.5 s. */
const retryPausesMs = [10, 20, 40, 80, 160, 320, 400, 500];

export async function writePrivateFileAtomically(file: string, content: string, options: AtomicWriteOptions = {}): Promise<void> {
	const rename = options.fileSystem?.rename ?? (async (from: string, to: string) => fs.promises.rename(from, to));
	const pause = options.pause ?? (async (ms: number) => new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	}));
	const temporary = temporaryName(file);
	try {
		const handle = await fs.promises.open(temporary, 'wx', 0o600);
		try {
			(options.protect ?? restrictToOwner)(temporary);
			await handle.writeFile(content, 'utf8');
			await handle.sync();
		} finally {
			await handle.close();
		}

		for (let attempt = 0; ; attempt++) {
			try {
				await rename(temporary, file);
				return;
			} catch (error) {
				if (!shouldRetry(error, attempt)) {
					throw error;
				}

				await pause(retryPausesMs[attempt]!);
			}
		}
	} catch (error) {
		await fs.promises.rm(temporary, {force: true});
		throw error;
	}
}

/** The same, for the few synchronous callers (the allow list). */
export function writePrivateFileAtomicallySync(file: string, content: string, options: AtomicWriteOptions = {}): void {
	const rename = options.fileSystem?.renameSync ?? fs.renameSync;
	const pause = options.pause ?? sleepSync;
	const temporary = temporaryName(file);
	try {
		const fd = fs.openSync(temporary, 'wx', 0o600);
		try {
			(options.protect ?? restrictToOwner)(temporary);
			fs.writeFileSync(fd, content, 'utf8');
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}

		for (let attempt = 0; ; attempt++) {
			try {
				rename(temporary, file);
				return;
			} catch (error) {
				if (!shouldRetry(error, attempt)) {
					throw error;
				}

				void pause(retryPausesMs[attempt]!);
			}
		}
	} catch (error) {
		fs.rmSync(temporary, {force: true});
		throw error;
	}
}

export const atomicWriteRetries = retryPausesMs.length;

function shouldRetry(error: unknown, attempt: number): boolean {
	return attempt < retryPausesMs.length && retryableCodes.has((error as NodeJS.ErrnoException).code ?? '');
}

function temporaryName(file: string): string {
	return `${file}.${randomBytes(6).toString('hex')}.tmp`;
}

function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
