/**
 * Each declaration with the module that does its work, loaded only when that command runs:
 * help and usage errors never load a command's code, let alone the runtime.
 */
import type {Command, CommandContext, CommandIo} from './context.js';
import type {CommandSpec, Parsed} from './spec/define.js';
import {allowSpec} from './spec/allow.js';
import {demoSpec} from './spec/demo.js';
import {doctorSpec} from './spec/doctor.js';
import {execSpec} from './spec/exec.js';
import {gitCredentialSpec, setupGitSpec} from './spec/git.js';
import {helpSpec} from './spec/help.js';
import {clearClipboardSpec, completeSpec} from './spec/internal.js';
import {completionSpec} from './spec/completion.js';
import {kubeconfigSpec} from './spec/kubeconfig.js';
import {listSpec} from './spec/list.js';
import {loginSpec} from './spec/login.js';
import {logoutSpec} from './spec/logout.js';
import {requestSpec} from './spec/request.js';
import {scopesSpec} from './spec/scopes.js';
import {tokenSpec} from './spec/token.js';
import {useSpec} from './spec/use.js';

type AnyCommand = (args: Parsed<CommandSpec>, context: CommandIo | CommandContext) => Promise<number>;

export interface Runnable {
	spec: CommandSpec;
	load(): Promise<AnyCommand>;
}

/** Ties a declaration to its work with the types checked: the work gets what the parser makes of it. */
function runnable<S extends CommandSpec>(spec: S, load: () => Promise<Command<S>>): Runnable {
	return {spec, load: load as unknown as () => Promise<AnyCommand>};
}

export const runnables: readonly Runnable[] = [
	runnable(loginSpec, async () => (await import('./login.js')).login),
	runnable(listSpec, async () => (await import('./list.js')).list),
	runnable(useSpec, async () => (await import('./use.js')).use),
	runnable(tokenSpec, async () => (await import('./token.js')).token),
	runnable(scopesSpec, async () => (await import('./scopes.js')).scopes),
	runnable(logoutSpec, async () => (await import('./logout.js')).logout),
	runnable(execSpec, async () => (await import('./exec.js')).exec),
	runnable(allowSpec, async () => (await import('./allow.js')).allow),
	runnable(requestSpec, async () => (await import('./request.js')).request),
	runnable(setupGitSpec, async () => (await import('./setup-git.js')).setupGit),
	runnable(gitCredentialSpec, async () => (await import('./git-credential.js')).gitCredential),
	runnable(kubeconfigSpec, async () => (await import('./kubeconfig.js')).kubeconfig),
	runnable(doctorSpec, async () => (await import('./doctor.js')).doctor),
	runnable(demoSpec, async () => (await import('./demo.js')).demo),
	runnable(helpSpec, async () => (await import('./help.js')).help),
	runnable(completionSpec, async () => (await import('./completion.js')).completion),
	runnable(clearClipboardSpec, async () => (await import('./clear-clipboard.js')).clearClipboard),
	runnable(completeSpec, async () => (await import('./complete.js')).complete),
];
