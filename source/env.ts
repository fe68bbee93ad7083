#!/usr/bin/env node
/**
 * msid-env: prints shell code that exports a fresh token, for `eval "$(msid-env)"`.
 *
 * It runs before prompts, so it stays small: no Ink, no React, and with a fresh cached token
 * nothing beyond reading config.json and one keychain entry. Output is written in one piece
 * and only on success, so a failure leaves `eval` nothing to run.
 */
import process from 'node:process';
import {createRuntime} from './app/runtime/create-runtime.js';
import {printable} from './model/printable.js';
import {failureLine, failureReport} from './shell-env/failure-text.js';
import {runEnv} from './shell-env/run.js';
import {writeAll} from './system/write-all.js';

// No top-level await: the bundle is CommonJS, which loads faster (scripts/build.js).
void (async () => {
	try {
		const output = await runEnv(process.argv.slice(2), process.env, async () => createRuntime({env: process.env}));
		for (const notice of output.notices) {
			// Notices can quote a directory's or an account's name: keep their control characters off the terminal.
			writeAll(2, `${notice.split('\n').map(line => printable(line)).join('\n')}\n`);
		}

		writeAll(1, output.stdout);
	} catch (error) {
		const report = failureReport(error);
		writeAll(2, failureLine('msid-env', report));
		process.exitCode = report.exitCode;
	}

	// A keychain call that timed out keeps running inside the native module; it must not keep
	// msid-env alive. Unreferenced, this timer never delays a process that ends by itself.
	setTimeout(() => process.exit(), 1000).unref();
})();
