/**
 * msid kubeconfig: converts a kubeconfig user (the context's, default the current one) to get
 * its token from msid for AKS's Entra server application, like `kubelogin convert-kubeconfig`.
 */
import {homedir} from 'node:os';
import path from 'node:path';
import {UsageError} from '../model/errors.js';
import type {Command} from './context.js';
import type {kubeconfigSpec} from './spec/kubeconfig.js';

export const kubeconfig: Command<typeof kubeconfigSpec> = async ({options: values, positionals}, {services, runtime, stderr}) => {
	if (values.context === '' || values.kubeconfig === '') {
		throw new UsageError(`--${values.context === '' ? 'context' : 'kubeconfig'} needs a value.`);
	}

	const {record} = await services.accounts.get(positionals[0]);
	if (record.provider.kind !== 'entra') {
		throw new UsageError(`AKS clusters sign in with Entra; ${record.name} is an ${record.provider.kind} account.`, {kind: 'give-setting', setting: 'account'});
	}

	const {convertKubeconfig} = await import('../app/integrations/kubeconfig.js');
	const result = await convertKubeconfig({
		files: kubeconfigFiles(values.kubeconfig, runtime.env),
		...(values.context ? {context: values.context} : {}),
		// The account's id, not its name: a later rename does not break the cluster's credentials.
		...(positionals[0] ? {account: record.id} : {}),
		now: runtime.clock.now(),
	});
	stderr.write(result.backup
		? `Context ${result.context}: user ${result.user} in ${result.file} now gets its token from msid (${positionals[0] ? record.name : 'the default account'}, server ${result.serverId}); the previous file is ${result.backup}.\n`
		: `Context ${result.context}: user ${result.user} in ${result.file} already gets its token from msid; nothing changed.\n`);
	return 0;
};

/** kubectl's loading rules: --kubeconfig, else every file of $KUBECONFIG, else ~/.kube/config. */
function kubeconfigFiles(given: string | undefined, env: NodeJS.ProcessEnv): string[] {
	if (given) {
		return [path.resolve(given)];
	}

	const listed = (env['KUBECONFIG'] ?? '').split(path.delimiter).filter(Boolean);
	return listed.length > 0 ? listed.map(file => path.resolve(file)) : [path.join(env['HOME'] ?? homedir(), '.kube', 'config')];
}
