/**
 * Following config.json as other msid processes change it (a sign-in, a sign-out, a refresh in
 * another terminal): the dashboard's list and countdowns come from config.json alone, so
 * watching that one file is enough, and the keychain is never polled.
 *
 * The folder is watched, not the file: every writer replaces config.json by renaming a temp
 * file over it (atomic-file.ts), which a watch on the old file would not see. Events come in
 * bursts (the temp file, the rename, an editor's several writes), so they are gathered for a
 * short pause before `onChange` runs once. Where the system gives no file watch (inotify's
 * limit reached, a network file system), or the watched folder is removed, the file's size,
 * times and inode are compared every second instead: one stat, never a read, never the keychain.
 *
 * File events happen in real time, so the pauses here are real timers, like the lock's.
 */
import fs from 'node:fs';
import path from 'node:path';
import {configDir, configFileName, configPath} from './config-read.js';

export interface ConfigWatchOptions {
	/** How long a burst of events is gathered before `onChange` runs. Default 100 ms. */
	debounceMs?: number;
	/** The stat interval when no file watch is to be had. Default 1 s. */
	pollMs?: number;
	/** node:fs's watch; tests pass one that fails, to reach the fallback. */
	watch?: typeof fs.watch;
}

export interface ConfigWatch {
	/** How changes are noticed: 'watch', or 'poll' after the system refused a file watch. */
	readonly mode: 'watch' | 'poll';
	stop(): void;
}

/** Calls `onChange` shortly after config.json is written, replaced or removed by any process. */
export function watchConfig(env: NodeJS.ProcessEnv, onChange: () => void, options: ConfigWatchOptions = {}): ConfigWatch {
	const dir = configDir(env);
	const file = configPath(env);
	const debounceMs = options.debounceMs ?? 100;
	let stopped = false;
	let pending: NodeJS.Timeout | undefined;
	let watcher: fs.FSWatcher | undefined;
	let poller: NodeJS.Timeout | undefined;
	let mode: ConfigWatch['mode'] = 'watch';

	const changed = () => {
		clearTimeout(pending);
		pending = setTimeout(() => {
			if (!stopped) {
				onChange();
			}
		}, debounceMs);
		pending.unref();
	};

	const poll = () => {
		mode = 'poll';
		watcher?.close();
		watcher = undefined;
		let last = signature(file);
		poller = setInterval(() => {
			const now = signature(file);
			if (now !== last) {
				last = now;
				changed();
			}
		}, options.pollMs ?? 1000);
		poller.unref();
	};

	try {
		// The folder of a first run may not exist yet; the first sign-in would create it just so.
		fs.mkdirSync(dir, {recursive: true, mode: 0o700});
		watcher = (options.watch ?? fs.watch)(dir, {persistent: false}, (_event, name) => {
			// Some systems do not say which file changed; the lock files live in a subfolder.
			if (name === null || name === configFileName) {
				changed();
			} else if (name === path.basename(dir) && !fs.existsSync(dir)) {
				// The folder itself was removed (rm -r): its watch is dead, a new folder is polled for.
				poll();
				changed();
			}
		});
		watcher.on('error', () => {
			if (!stopped) {
				// Whatever happened meanwhile is looked at once, then the file is polled.
				poll();
				changed();
			}
		});
	} catch {
		poll();
	}

	return {
		get mode() {
			return mode;
		},
		stop() {
			stopped = true;
			clearTimeout(pending);
			clearInterval(poller);
			watcher?.close();
		},
	};
}

/** What a stat says about the file: any write changes it; 'missing' when there is none. */
function signature(file: string): string {
	try {
		const {size, mtimeMs, ctimeMs, ino} = fs.statSync(file);
		return `${ino}:${size}:${mtimeMs}:${ctimeMs}`;
	} catch {
		return 'missing';
	}
}
