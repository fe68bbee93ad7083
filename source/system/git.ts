/**
 * Runs git for `msid setup-git`: argv only (no shell), a bounded wait, and a failure that says
 * what to do (git missing, or its config not writable) without git's whole output.
 */
import {execFile} from 'node:child_process';
import {MsidError} from '../model/errors.js';

export async function runGit(args: string[], options: {env?: NodeJS.ProcessEnv; timeoutMs?: number} = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile('git', args, {env: options.env ?? process.env, timeout: options.timeoutMs ?? 10_000, windowsHide: true}, (error, stdout, stderr) => {
			if (!error) {
				resolve(stdout);
				return;
			}

			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT') {
				reject(new MsidError('command-not-found', 'git is not installed or not on PATH.', {cause: error, remedy: {kind: 'install', what: 'git'}}));
				return;
			}

			const reason = stderr.split('\n').find(line => line.trim() !== '')?.trim() ?? error.message;
			reject(new MsidError('git-failed', `git ${args.slice(0, 3).join(' ')} failed: ${reason}`, {cause: error}));
		});
	});
}
