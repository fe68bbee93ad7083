import {AadstsError, missingParameter} from './aadsts-error.js';
import {directoryName, type Authority} from './authority.js';
import {findClient, type Client, type Directory} from './directory.js';

/** The app registration `clientId` names, or AADSTS700016 as Entra words it. */
export function requireClient(directory: Directory, authority: Authority, clientId: string | undefined): Client {
	if (!clientId) {
		throw missingParameter('client_id');
	}

	const client = findClient(directory, clientId);
	if (!client) {
		throw new AadstsError(
			'unauthorized_client',
			700_016,
			`Application with identifier '${clientId}' was not found in the directory '${directoryName(authority)}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
		);
	}

	return client;
}
