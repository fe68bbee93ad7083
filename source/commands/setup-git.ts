/**
 * msid setup-git: makes git ask msid for Azure Repos credentials, the way `gh auth setup-git`
 * does for GitHub. The helper names node and msid by absolute path, so git finds them from any
 * shell or GUI; running it again leaves the config exactly as it was.
 */
import {realpathSync} from 'node:fs';
import process from 'node:process';
import {azureDevOpsUrls, setupGitEdits} from '../app/integrations/git-credential.js';
import {UsageError} from '../model/errors.js';
import {quote} from '../shell-env/quote.js';
import {runGit} from '../system/git.js';
import type {Command} from './context.js';
import type {setupGitSpec} from './spec/git.js';

export const setupGit: Command<typeof setupGitSpec> = async ({positionals}, {services, runtime, stderr}) => {
	const {record} = await services.accounts.get(positionals[0]);
	if (record.provider.kind !== 'entra') {
		throw new UsageError(`Azure DevOps signs in with Entra; ${record.name} is an ${record.provider.kind} account.`, {kind: 'give-setting', setting: 'account'});
	}

	const helper = gitCredentialHelper(process.execPath, realpathSync(process.argv[1]!), positionals[0] ? record.id : undefined);
	for (const edit of setupGitEdits(helper)) {
		await runGit(edit, {env: runtime.env});
	}

	stderr.write(`git now asks msid for ${azureDevOpsUrls.join(' and ')} (${positionals[0] ? record.name : 'the default account'}).\n`);
	return 0;
};

/**
 * The helper line: git runs a helper that starts with ! through sh (Git for Windows too), so
 * every word is quoted, and appends the operation. The account id follows --: an id is base64url
 * and may start with "-", which would read as an option.
 */
export function gitCredentialHelper(node: string, msid: string, accountId: string | undefined): string {
	const words = [node, msid, 'git-credential', ...(accountId === undefined ? [] : ['--', accountId])];
	return `!${words.map(word => quote('posix', word)).join(' ')}`;
}
