/**
 * `msid git-credential`: git's credential-helper protocol (git-credential(1), "INPUT/OUTPUT
 * FORMAT") for Azure Repos. git writes `key=value` lines and a blank line; for `get` on
 * https://dev.azure.com or https://ORG.visualstudio.com the helper answers with the account's
 * user name and an Entra access token for Azure DevOps as the password, which Azure DevOps
 * accepts over HTTP Basic. Other hosts get no answer, so git asks its next helper. msid keeps
 * no git passwords: `store` and `erase` do nothing.
 */
import {MsidError} from '../../model/errors.js';
import type {AccountService, TokenService} from '../../model/services.js';

/** Azure DevOps' application id: a token for `{id}/.default` is an Azure DevOps token. */
export const azureDevOpsResource = '499b84ac-1321-427f-aa17-267ca6975798';

/** The URLs msid answers for, as git config credential contexts (urlmatch, `*` one host label). */
export const azureDevOpsUrls = ['https://dev.azure.com', 'https://*.visualstudio.com'];

export type CredentialOperation = 'get' | 'store' | 'erase';

/** The attributes git sent, first value of each key; `key[]` lists are not needed here. */
export function parseCredentialRequest(text: string): Map<string, string> {
	const attributes = new Map<string, string>();
	for (const line of text.split('\n')) {
		const clean = line.replace(/\r$/, '');
		if (clean === '') {
			break;
		}

		const equals = clean.indexOf('=');
		if (equals > 0 && !attributes.has(clean.slice(0, equals))) {
			attributes.set(clean.slice(0, equals), clean.slice(equals + 1));
		}
	}

	return attributes;
}

/** dev.azure.com and ORG.visualstudio.com over https, on the default port. */
export function isAzureDevOps(attributes: Map<string, string>): boolean {
	const host = attributes.get('host')?.toLowerCase();
	if (attributes.get('protocol') !== 'https' || !host) {
		return false;
	}

	return host === 'dev.azure.com' || /^[a-z\d][a-z\d-]*\.visualstudio\.com$/.test(host);
}

export async function answerCredentialRequest(
	services: {tokens: TokenService; accounts: AccountService},
	request: {operation: CredentialOperation; input: string; account?: string; signal?: AbortSignal},
): Promise<string> {
	const attributes = parseCredentialRequest(request.input);
	if (request.operation !== 'get' || !isAzureDevOps(attributes)) {
		return '';
	}

	const {record} = await services.accounts.get(request.account);
	const fresh = await services.tokens.get({
		account: record.id,
		resource: azureDevOpsResource,
		...(request.signal ? {signal: request.signal} : {}),
	});
	const username = record.username ?? record.name;
	// A line break in a value would let a server-chosen name add attributes of its own.
	if (/[\n\r\0]/.test(username) || /[\n\r\0]/.test(fresh.accessToken)) {
		throw new MsidError('credential-unsafe', `The account ${record.name}'s user name or token cannot be passed to git (it holds a line break).`);
	}

	return [
		`username=${username}`,
		`password=${fresh.accessToken}`,
		// git 2.41 and later stop using the password after this time; older versions ignore it.
		`password_expiry_utc=${Math.floor(fresh.expiresAt / 1000)}`,
		'',
	].join('\n');
}

/**
 * The `git config --global` edits of `msid setup-git`, as gh does for GitHub: per URL, an empty
 * helper (it clears helpers configured before for that URL, so git asks msid first and only)
 * followed by msid. Replacing all values first makes running it twice change nothing.
 */
export function setupGitEdits(helperCommand: string): string[][] {
	return azureDevOpsUrls.flatMap(url => [
		['config', '--global', '--replace-all', `credential.${url}.helper`, ''],
		['config', '--global', '--add', `credential.${url}.helper`, helperCommand],
	]);
}
