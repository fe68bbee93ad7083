/**
 * msid-env's work, as a function: parse, choose the token (command line, else an allowed
 * .msid.json), and render the shell code. source/env.ts is this plus process I/O; tests that
 * feed hundreds of hostile values call it directly and eval the very same output.
 */
import type {Runtime} from '../app/runtime/runtime.js';
import {createTokenService, unexpiredCachedToken} from '../app/tokens/token-service.js';
import {envUsage, parseEnvArgs} from './args.js';
import {logicalCwd, resolveDirSelection, type DirSelection} from './dir-config.js';
import {parentProcessName} from '../system/parent-process.js';
import {detectShell} from './detect-shell.js';
import {chooseSelection, envUpdate, renderEnvUpdate, unsetUpdate, wantsDirSelection} from './plan.js';

export interface EnvOutput {
	/** The code for `eval`; empty on failure (the caller gets the error instead). */
	stdout: string;
	/** Notices for the user (help, an .msid.json that is not allowed yet). */
	notices: string[];
}

export async function runEnv(argv: string[], env: NodeJS.ProcessEnv, openRuntime: () => Promise<Runtime>): Promise<EnvOutput> {
	const command = parseEnvArgs(argv);
	switch (command.kind) {
		case 'help': {
			return {stdout: '', notices: [envUsage.trimEnd()]};
		}

		case 'hook': {
			const {hookText} = await import('./hooks.js');
			return {stdout: hookText(command.shell), notices: []};
		}

		case 'unset': {
			return {stdout: renderEnvUpdate(command.shell ?? detectShell(env, parentProcessName()), unsetUpdate(command.varName, env)), notices: []};
		}

		case 'export': {
			const runtime = await openRuntime();
			const directory: DirSelection = wantsDirSelection(command) ? resolveDirSelection(logicalCwd(env), runtime.configDir) : {kind: 'none'};
			const notices = directory.kind === 'unallowed' ? [directory.notice] : [];
			const selection = chooseSelection(command, directory);
			const request = {
				...(selection.account === undefined ? {} : {account: selection.account}),
				...(selection.scopes.length > 0 ? {scopes: selection.scopes} : {}),
				...(selection.resource === undefined ? {} : {resource: selection.resource}),
			};
			const token = command.cached ? await unexpiredCachedToken(runtime, request) : await createTokenService(runtime).get(request);
			if (!token) {
				return {stdout: '', notices};
			}

			return {stdout: renderEnvUpdate(command.shell ?? detectShell(env, parentProcessName()), envUpdate(token, selection, env)), notices};
		}
	}
}
