/**
 * `msid kubeconfig`: points a kubeconfig user at msid as its client-go exec credential plugin,
 * for AKS clusters with Entra integration, the way `kubelogin convert-kubeconfig` does. The
 * context (given, else current) names the user; kubectl's merge rules decide which file holds
 * it (the first of KUBECONFIG's files that defines it). That file is backed up, then replaced
 * atomically, with its comments and everything else as they were.
 */
import {copyFile, readFile} from 'node:fs/promises';
import {constants} from 'node:fs';
import {isDeepStrictEqual} from 'node:util';
import {isMap, isSeq, parseDocument, type Document} from 'yaml';
import {MsidError, UsageError} from '../../model/errors.js';
import {writePrivateFileAtomically} from '../../storage/atomic-file.js';

/** Azure Kubernetes Service AAD Server: the audience of AKS-managed Entra integration. */
export const aksServerId = '6dae42f8-4368-4678-94ff-3960e28e3630';

/** v1beta1 works with every kubectl since 1.11; msid answers in whatever version kubectl asks for. */
const execApiVersion = 'client.authentication.k8s.io/v1beta1';

export interface KubeconfigRequest {
	files: string[];
	context?: string;
	/** Passed to `msid token`; the default account when absent. */
	account?: string;
	now: number;
}

export interface KubeconfigResult {
	file: string;
	context: string;
	user: string;
	serverId: string;
	/** Where the previous content was saved; absent when nothing changed. */
	backup?: string;
}

interface Loaded {
	file: string;
	text: string;
	document: Document;
}

export async function convertKubeconfig(request: KubeconfigRequest): Promise<KubeconfigResult> {
	const loaded = await load(request.files);
	const context = request.context ?? loaded.map(({document}) => document.get('current-context')).find(name => typeof name === 'string' && name !== '');
	if (typeof context !== 'string') {
		throw new UsageError('The kubeconfig has no current context: name the context whose user to convert.', {kind: 'give-setting', setting: 'context'});
	}

	const contextEntry = findNamed(loaded, 'contexts', context);
	const userName = contextEntry?.entry.getIn(['context', 'user']);
	if (!contextEntry || typeof userName !== 'string') {
		const known = loaded.flatMap(({document}) => names(document, 'contexts'));
		throw new MsidError('kubeconfig-invalid', `No context "${context}" with a user in ${request.files.join(', ')}${known.length > 0 ? `; contexts: ${known.join(', ')}` : ''}.`);
	}

	const userEntry = findNamed(loaded, 'users', userName);
	if (!userEntry) {
		throw new MsidError('kubeconfig-invalid', `Context "${context}" names user "${userName}", which no kubeconfig file defines.`);
	}

	const previous = userEntry.entry.get('user', true);
	const previousJs: unknown = isMap(previous) ? previous.toJSON() : {};
	const serverId = existingServerId(previousJs) ?? aksServerId;
	const user = {
		exec: {
			apiVersion: execApiVersion,
			command: 'msid',
			// The account id last, after --: an id is base64url and may start with "-".
			args: ['token', '--resource', serverId, '--format', 'k8s', ...(request.account ? ['--', request.account] : [])],
			env: null,
			installHint: 'This cluster\'s credentials come from msid: install it, then run msid login.',
			interactiveMode: 'Never',
			provideClusterInfo: false,
		},
	};
	const result = {file: userEntry.loaded.file, context, user: userName, serverId};
	if (isDeepStrictEqual(previousJs, user)) {
		return result;
	}

	const {document, file, text} = userEntry.loaded;
	userEntry.entry.set('user', document.createNode(user));
	const backup = `${file}.msid-backup-${new Date(request.now).toISOString().replaceAll(/[-:]|\.\d+/g, '')}`;
	// The copy keeps the original's mode; COPYFILE_EXCL never overwrites an earlier backup.
	await copyFile(file, backup, constants.COPYFILE_EXCL);
	await writePrivateFileAtomically(file, /^\s*\{/.test(text) ? `${JSON.stringify(document.toJSON(), undefined, 2)}\n` : document.toString());
	return {...result, backup};
}

async function load(files: string[]): Promise<Loaded[]> {
	const loaded: Loaded[] = [];
	for (const file of files) {
		let text: string;
		try {
			text = await readFile(file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				continue;
			}

			throw new MsidError('kubeconfig-invalid', `Cannot read ${file}: ${(error as Error).message}`, {cause: error, remedy: {kind: 'fix-file', path: file}});
		}

		const document = parseDocument(text);
		if (document.errors.length > 0 || (document.contents !== null && !isMap(document.contents))) {
			throw new MsidError('kubeconfig-invalid', `${file} is not a kubeconfig (${document.errors[0]?.message.split('\n')[0] ?? 'not a mapping'}); nothing was changed.`, {remedy: {kind: 'fix-file', path: file}});
		}

		loaded.push({file, text, document});
	}

	if (loaded.length === 0) {
		throw new MsidError('kubeconfig-not-found', `No kubeconfig at ${files.join(', ')}: get the cluster's first (az aks get-credentials), or name the file.`);
	}

	return loaded;
}

/** The first entry of that name across the files, as kubectl merges them (first one wins). */
function findNamed(loaded: Loaded[], list: 'contexts' | 'users', name: string) {
	for (const each of loaded) {
		const items = each.document.get(list);
		if (isSeq(items)) {
			for (const entry of items.items) {
				if (isMap(entry) && entry.get('name') === name) {
					return {loaded: each, entry};
				}
			}
		}
	}

	return undefined;
}

function names(document: Document, list: 'contexts' | 'users'): string[] {
	const items = document.get(list);
	return isSeq(items) ? items.items.flatMap(entry => (isMap(entry) && typeof entry.get('name') === 'string' ? [entry.get('name') as string] : [])) : [];
}

/**
 * A cluster with its own server application says so in the user being converted: the legacy
 * azure auth provider's `apiserver-id`, kubelogin's `--server-id`, or msid's own `--resource`.
 */
function existingServerId(user: unknown): string | undefined {
	const record = user as {'auth-provider'?: {config?: Record<string, unknown>}; exec?: {args?: unknown}};
	const fromProvider = record['auth-provider']?.config?.['apiserver-id'];
	if (typeof fromProvider === 'string' && fromProvider !== '') {
		return fromProvider;
	}

	const args = Array.isArray(record.exec?.args) ? record.exec.args as unknown[] : [];
	for (const flag of ['--server-id', '--resource']) {
		const value = args[args.indexOf(flag) + 1];
		if (args.includes(flag) && typeof value === 'string' && value !== '') {
			return value;
		}
	}

	return undefined;
}
