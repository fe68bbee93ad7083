/**
 * The name of the program that started this process, where the system tells it without
 * starting another process: Linux's /proc. Elsewhere, or when it cannot be read, undefined.
 */
import {readFileSync} from 'node:fs';

export function parentProcessName(ppid: number = process.ppid, procRoot = '/proc', platform: NodeJS.Platform = process.platform): string | undefined {
	if (platform !== 'linux') {
		return undefined;
	}

	try {
		return readFileSync(`${procRoot}/${ppid}/comm`, 'utf8').trim() || undefined;
	} catch {
		return undefined;
	}
}
