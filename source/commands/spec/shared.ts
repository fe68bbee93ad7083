/** Arguments and options several commands share, worded once. */
import type {ArgumentSpec, OptionSpec} from './define.js';

export const accountArgument = {
	name: 'ACCOUNT',
	optional: true,
	complete: 'account',
	description: 'account name, alias or unique prefix (default: the default account)',
} as const satisfies ArgumentSpec;

export const scopeOption = {
	type: 'string',
	multiple: true,
	value: 'S',
	description: 'scope to request; repeat it or separate scopes with spaces',
} as const satisfies OptionSpec;

export const resourceOption = {
	type: 'string',
	value: 'R',
	description: 'request R/.default, all the scopes granted for resource R (instead of --scope)',
} as const satisfies OptionSpec;

export const jsonOption = {
	type: 'boolean',
	description: 'print JSON for scripts',
} as const satisfies OptionSpec;
