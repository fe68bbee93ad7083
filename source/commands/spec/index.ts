/** Every command msid has, in the order help lists them. Declarations only: nothing runs here. */
import {allowSpec} from './allow.js';
import type {CommandSpec} from './define.js';
import {demoSpec} from './demo.js';
import {doctorSpec} from './doctor.js';
import {execSpec} from './exec.js';
import {gitCredentialSpec, setupGitSpec} from './git.js';
import {helpSpec} from './help.js';
import {clearClipboardSpec, completeSpec} from './internal.js';
import {completionSpec} from './completion.js';
import {kubeconfigSpec} from './kubeconfig.js';
import {listSpec} from './list.js';
import {loginSpec} from './login.js';
import {logoutSpec} from './logout.js';
import {requestSpec} from './request.js';
import {scopesSpec} from './scopes.js';
import {tokenSpec} from './token.js';
import {useSpec} from './use.js';

export const commandSpecs: readonly CommandSpec[] = [
	loginSpec,
	listSpec,
	useSpec,
	tokenSpec,
	scopesSpec,
	logoutSpec,
	execSpec,
	allowSpec,
	requestSpec,
	setupGitSpec,
	gitCredentialSpec,
	kubeconfigSpec,
	doctorSpec,
	demoSpec,
	helpSpec,
	completionSpec,
	clearClipboardSpec,
	completeSpec,
];

/** The commands a user sees: help, completions, docs. */
export const publicSpecs = commandSpecs.filter(spec => !spec.hidden);

export function findSpec(name: string): CommandSpec | undefined {
	return commandSpecs.find(spec => spec.name === name);
}
