#!/usr/bin/env node
/**
 * msid-env: prints shell code that exports a fresh token, for `eval "$(msid-env)"`.
 *
 * It runs before prompts, so it stays small: no Ink, no React, and with a fresh cached token
 * nothing beyond reading config.json and one keychain entry. Output is written in one piece
 * and only on success, so a failure leaves `eval` nothing to run.
 */
import process from 'node:process';
import {MsidError} from './errors.js';
import {envUsage, parseEnvArgs} from './shell-env/args.js';
import {detectShell} from './shell-env/emit.js';
import {logicalCwd, resolveDirSelection, type DirSelection} from './shell-env/dir-config.js';
import {chooseSelection, envUpdate, renderEnvUpdate, unsetUpdate, wantsDirSelection} from './shell-env/plan.js';

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
	const command = parseEnvArgs(argv);
	switch (command.kind) {
		case 'help': {
			process.stderr.write(envUsage);
			return '';
		}

		case 'hook': {
			const {hookText} = await import('./shell-env/hooks.js');
			return hookText(command.shell);
		}

		case 'unset': {
			return renderEnvUpdate(command.shell ?? detectShell(env), unsetUpdate(command.varName, env));
		}

		case 'export': {
			const {createRuntime} = await import('./create-runtime.js');
			const runtime = await createRuntime({env});
			const directory: DirSelection = wantsDirSelection(command) ? resolveDirSelection(logicalCwd(env), runtime.configDir) : {kind: 'none'};
			if (directory.kind === 'unallowed') {
				process.stderr.write(`${directory.notice}\n`);
			}

			const selection = chooseSelection(command, directory);
			const {createTokenService} = await import('./tokens.js');
			const token = await createTokenService(runtime).get({
				...(selection.account === undefined ? {} : {account: selection.account}),
				...(selection.scopes.length > 0 ? {scopes: selection.scopes} : {}),
				...(selection.resource === undefined ? {} : {resource: selection.resource}),
			});
			return renderEnvUpdate(command.shell ?? detectShell(env), envUpdate(token, selection, env));
		}
	}
}

try {
	process.stdout.write(await main(process.argv.slice(2), process.env));
} catch (error) {
	if (error instanceof MsidError) {
		process.stderr.write(`msid-env: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
		process.exitCode = error.exitCode;
	} else {
		process.stderr.write(`msid-env: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	}
}

// See cli.tsx: a timed-out keychain call must not keep msid-env alive.
setTimeout(() => process.exit(), 1000).unref();
