import {printable} from '../model/printable.js';
import type {Command} from './context.js';
import type {useSpec} from './spec/use.js';
import {UsageError} from '../model/errors.js';

export const use: Command<typeof useSpec> = async ({options: values, positionals}, {services, stderr}) => {
	const query = positionals[0];
	if (!query) {
		throw new UsageError('msid use needs an account name (msid list shows them).');
	}

	const view = await services.accounts.setDefault(query, values.tenant);
	const tenant = view.record.activeTenantId ? ` (tenant ${view.record.activeTenantId})` : '';
	stderr.write(`Default account: ${printable(`${view.record.name}${tenant}`)}.\n`);
	return 0;
};
