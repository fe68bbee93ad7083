/**
 * Application (daemon) credentials: a client secret, a certificate, or the AZURE_* variables.
 * Sign-in and silent re-acquisition both open their confidential session here, so there is
 * one place that knows where each credential lives: the keychain, or the environment, never
 * a plain file.
 */
import type * as oauth from 'oauth4webapi';
import {secretKeys} from '../accounts/secret-keys.js';
import {MsidError, type MsidErrorOptions} from '../../model/errors.js';
import {certificatePemForStorage, parseClientCertificate, type ClientCertificate} from '../../identity/certificate.js';
import {certificateClientAuth} from '../../identity/client-assertion.js';
import {confidentialClient, secretClientAuth} from '../../identity/client-credentials.js';
import {environmentClientAuth, readEnvironmentCredential} from '../../identity/environment-credentials.js';
import type {HttpContext} from '../../identity/http.js';
import {openSession, type ProtocolSession} from '../../identity/session.js';
import type {Runtime} from '../runtime/runtime.js';
import type {AccountRecord, ProviderEndpoints, ProviderRecord} from '../../model/account.js';

export type AppCredential =
	| {kind: 'secret'; secret: string}
	| {kind: 'certificate'; certificate: ClientCertificate}
	/** Read from AZURE_* at every use; nothing of it is stored. */
	| {kind: 'environment'};

export async function credentialSession(
	runtime: Runtime,
	provider: ProviderRecord,
	endpoints: ProviderEndpoints,
	http: HttpContext,
	credential: AppCredential,
): Promise<ProtocolSession> {
	return openSession(provider, endpoints, http, confidentialClient(provider.clientId), await clientAuth(runtime, credential));
}

async function clientAuth(runtime: Runtime, credential: AppCredential): Promise<oauth.ClientAuth> {
	switch (credential.kind) {
		case 'secret': {
			return secretClientAuth(credential.secret);
		}

		case 'certificate': {
			return certificateClientAuth(credential.certificate, runtime.clock);
		}

		case 'environment': {
			const auth = await environmentClientAuth(readEnvironmentCredential(runtime.env), runtime.clock);
			if (!auth) {
				throw new MsidError('usage', 'The AZURE_* variables now describe a user, not an application: sign in again from the environment.', {exitCode: 2, remedy: {kind: 'give-setting', setting: 'flow', value: 'environment'}});
			}

			return auth;
		}
	}
}

/** Stores what re-acquisition will need. The credential goes in before any metadata names it. */
export async function storeCredential(runtime: Runtime, accountId: string, credential: AppCredential): Promise<void> {
	switch (credential.kind) {
		case 'secret': {
			await runtime.secrets.set(secretKeys.clientSecret(accountId), credential.secret);
			break;
		}

		case 'certificate': {
			await runtime.secrets.set(secretKeys.privateKey(accountId), certificatePemForStorage(credential.certificate));
			break;
		}

		case 'environment': {
			break;
		}
	}
}

export async function storedCredential(runtime: Runtime, account: AccountRecord): Promise<AppCredential> {
	const again: MsidErrorOptions = {remedy: {kind: 'sign-in', account: account.name}, facts: {account: account.name}};
	switch (account.flow) {
		case 'client-secret': {
			const secret = await runtime.secrets.get(secretKeys.clientSecret(account.id));
			if (!secret) {
				throw new MsidError('sign-in-required', `The client secret of ${account.name} is not in the keychain.`, again);
			}

			return {kind: 'secret', secret};
		}

		case 'certificate': {
			const pem = await runtime.secrets.get(secretKeys.privateKey(account.id));
			if (!pem) {
				throw new MsidError('sign-in-required', `The certificate of ${account.name} is not in the keychain.`, again);
			}

			return {kind: 'certificate', certificate: parseClientCertificate(pem, {name: 'the stored certificate'})};
		}

		case 'environment': {
			return {kind: 'environment'};
		}

		default: {
			throw new MsidError('config-corrupt', `${account.name} is an application account with an unknown flow (${account.flow}).`, again);
		}
	}
}
