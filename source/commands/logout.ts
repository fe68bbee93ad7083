import {UsageError} from '../model/errors.js';
import {parseCommandArgs} from './args.js';
import type {Command} from './context.js';

export const logoutHelp = 'Usage: msid logout [ACCOUNT | --all]\nRemoves the account\'s tokens and secrets from the keychain and the account from config.';

export const logout: Command = async (argv, {services, stderr}) => {
	const {values, positionals} = parseCommandArgs('logout', argv, {all: {type: 'boolean'}});
	if (values.help) {
		stderr.write(`${logoutHelp}\n`);
		return 0;
	}

	if (values.all && positionals.length > 0) {
		throw new UsageError('Give either an account or --all, not both.');
	}

	const targets = values.all ? (await services.accounts.list()).map(view => view.record) : [(await services.accounts.get(positionals[0])).record];
	for (const account of targets) {
		await services.accounts.remove(account.id);
		stderr.write(`Signed out ${account.name}.\n`);
	}

	if (targets.length === 0) {
		stderr.write('No accounts to sign out.\n');
	}

	return 0;
};
