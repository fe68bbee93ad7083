import {printable} from '../model/printable.js';
import {UsageError} from '../model/errors.js';
import type {Command} from './context.js';
import type {logoutSpec} from './spec/logout.js';

export const logout: Command<typeof logoutSpec> = async ({options: values, positionals}, {services, stderr}) => {
	if (values.all && positionals.length > 0) {
		throw new UsageError('Give either an account or --all, not both.');
	}

	const targets = values.all ? (await services.accounts.list()).map(view => view.record) : [(await services.accounts.get(positionals[0])).record];
	for (const account of targets) {
		await services.accounts.remove(account.id);
		stderr.write(`Signed out ${printable(account.name)}.\n`);
	}

	if (targets.length === 0) {
		stderr.write('No accounts to sign out.\n');
	}

	return 0;
};
