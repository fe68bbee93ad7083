import {parseCommandArgs} from './args.js';
import type {Command} from './context.js';
import {UsageError} from '../model/errors.js';

export const useHelp = 'Usage: msid use ACCOUNT [--tenant T]\nSets the default account (and its active tenant).';

export const use: Command = async (argv, {services, stderr}) => {
	const {values, positionals} = parseCommandArgs('use', argv, {tenant: {type: 'string'}});
	if (values.help) {
		stderr.write(`${useHelp}\n`);
		return 0;
	}

	const query = positionals[0];
	if (!query) {
		throw new UsageError('msid use needs an account name (msid list shows them).');
	}

	const view = await services.accounts.setDefault(query, values.tenant);
	const tenant = view.record.activeTenantId ? ` (tenant ${view.record.activeTenantId})` : '';
	stderr.write(`Default account: ${view.record.name}${tenant}.\n`);
	return 0;
};
