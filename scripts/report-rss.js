// Preloaded into a measured process: at exit, report its peak resident memory (KiB) on fd 3.
import {writeSync} from 'node:fs';

process.on('exit', () => {
	try {
		writeSync(3, `${process.resourceUsage().maxRSS}\n`);
	} catch {}
});
