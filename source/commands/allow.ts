/**
 * msid allow: trust the nearest .msid.json as it is now. A cloned repository cannot choose
 * tokens by itself, and a later edit needs allowing again (the allow store keeps a hash).
 */
import {printable} from '../model/printable.js';
import {UsageError} from '../model/errors.js';
import {signalPromptHook} from '../shell-env/hook-signal.js';
import {allowedDirConfigs, findDirConfig, logicalCwd, parseDirConfig} from '../shell-env/dir-config.js';
import {readFileSync} from 'node:fs';
import type {Command} from './context.js';
import type {allowSpec} from './spec/allow.js';

export const allow: Command<typeof allowSpec> = async ({options: values}, {runtime, stderr}) => {
	const path = findDirConfig(logicalCwd(runtime.env));
	if (!path) {
		throw new UsageError('There is no .msid.json in this directory or above it.');
	}

	const store = allowedDirConfigs(runtime.configDir);
	if (values.revoke) {
		stderr.write(store.revoke(path) ? `${printable(path)} no longer chooses the shell's token.\n` : `${printable(path)} was not allowed.\n`);
		signalPromptHook(runtime.env);
		return 0;
	}

	// Refuse what msid-env would refuse (a forbidden var, bad JSON) before trusting it.
	parseDirConfig(readFileSync(path, 'utf8'), path);
	store.allow(path);
	signalPromptHook(runtime.env);
	stderr.write(`Allowed ${printable(path)}: the shell hook applies it at the next prompt (without the hook: eval "$(msid-env)").\n`);
	return 0;
};
