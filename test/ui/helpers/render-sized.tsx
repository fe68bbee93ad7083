/**
 * ink-testing-library's render with a terminal size of our choosing: its stdout is fixed at
 * 100 columns with no rows, while the dashboard must be checked at 80x24 and larger. Same
 * debug-mode rendering (every frame written whole), same fake stdin.
 */
import {EventEmitter} from 'node:events';
import {stripVTControlCharacters} from 'node:util';
import {render as inkRender} from 'ink';
import type {ReactElement} from 'react';

export class SizedStdout extends EventEmitter {
	readonly frames: string[] = [];
	isTTY = true;

	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}

	/** Calls back like a real stream: Ink waits for the write of its last frame before exiting. */
	write = (frame: string, encodingOrCallback?: unknown, callback?: unknown): boolean => {
		this.frames.push(frame);
		const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
		if (typeof done === 'function') {
			queueMicrotask(() => {
				(done as () => void)();
			});
		}

		return true;
	};

	lastFrame = (): string => this.frames.at(-1) ?? '';

	/** Everything written, in order, as one string. */
	written = (): string => this.frames.join('');
}

export class FakeStdin extends EventEmitter {
	isTTY = true;
	private data: string | null = null;

	write = (data: string): void => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};

	read = (): string | null => {
		const {data} = this;
		this.data = null;
		return data;
	};

	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

export interface SizedInstance {
	stdin: FakeStdin;
	stdout: SizedStdout;
	/** The last frame as written (with ANSI styling). */
	lastFrame: () => string;
	/** The last frame without styling. */
	screen: () => string;
	unmount: () => void;
	waitUntilExit: () => Promise<unknown>;
	resize: (columns: number, rows: number) => void;
}

export function renderSized(tree: ReactElement, {columns = 80, rows = 24} = {}): SizedInstance {
	const stdout = new SizedStdout(columns, rows);
	const stdin = new FakeStdin();
	const stderr = new SizedStdout(columns, rows);
	const instance = inkRender(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	return {
		stdin,
		stdout,
		lastFrame: stdout.lastFrame,
		screen: () => stripVTControlCharacters(stdout.lastFrame()),
		unmount: instance.unmount,
		waitUntilExit: instance.waitUntilExit,
		resize(newColumns, newRows) {
			stdout.columns = newColumns;
			stdout.rows = newRows;
			stdout.emit('resize');
		},
	};
}
