/**
 * The Azure SDK's EnvironmentCredential convention, with its precedence: AZURE_TENANT_ID and
 * AZURE_CLIENT_ID always; then AZURE_CLIENT_SECRET, else AZURE_CLIENT_CERTIFICATE_PATH (with
 * AZURE_CLIENT_CERTIFICATE_PASSWORD for an encrypted key), else AZURE_USERNAME and
 * AZURE_PASSWORD. Messages name variables, never their values.
 */
import type * as oauth from 'oauth4webapi';
import {UsageError} from '../model/errors.js';
import type {Clock} from '../model/clock.js';
import {readClientCertificate} from './certificate.js';
import {certificateClientAuth} from './client-assertion.js';
import {secretClientAuth} from './client-credentials.js';
import {checkTenant, isMultiTenant} from './providers.js';

interface EnvironmentApp {
	tenantId: string;
	clientId: string;
}

export type EnvironmentCredential =
	| (EnvironmentApp & {kind: 'secret'; clientSecret: string})
	| (EnvironmentApp & {kind: 'certificate'; certificatePath: string; certificatePassword?: string})
	| (EnvironmentApp & {kind: 'password'; username: string; password: string});

export function readEnvironmentCredential(env: NodeJS.ProcessEnv): EnvironmentCredential {
	const value = (name: string) => {
		const text = env[name];
		return text === undefined || text.trim() === '' ? undefined : text;
	};

	const tenant = value('AZURE_TENANT_ID')?.trim();
	const clientId = value('AZURE_CLIENT_ID')?.trim();
	if (!tenant || !clientId) {
		const missing = [tenant ? undefined : 'AZURE_TENANT_ID', clientId ? undefined : 'AZURE_CLIENT_ID'].filter(Boolean).join(' and ');
		throw new UsageError(`Environment credentials need AZURE_TENANT_ID and AZURE_CLIENT_ID: ${missing} ${missing.includes(' and ') ? 'are' : 'is'} not set.`);
	}

	const app = {tenantId: checkTenant(tenant), clientId};
	const secret = value('AZURE_CLIENT_SECRET');
	const certificatePath = value('AZURE_CLIENT_CERTIFICATE_PATH');
	if (secret !== undefined || certificatePath !== undefined) {
		// An application has no home in a multi-tenant authority: the token is the tenant's.
		if (isMultiTenant(app.tenantId)) {
			throw new UsageError(`AZURE_TENANT_ID must name the app's tenant (a tenant id or domain) for a client secret or certificate, not "${app.tenantId}".`);
		}

		if (secret !== undefined) {
			return {...app, kind: 'secret', clientSecret: secret};
		}

		const certificatePassword = value('AZURE_CLIENT_CERTIFICATE_PASSWORD');
		return {...app, kind: 'certificate', certificatePath: certificatePath!, ...(certificatePassword === undefined ? {} : {certificatePassword})};
	}

	const username = value('AZURE_USERNAME');
	const password = value('AZURE_PASSWORD');
	if (username !== undefined && password !== undefined) {
		return {...app, kind: 'password', username, password};
	}

	if (username !== undefined || password !== undefined) {
		const [set, unset] = username === undefined ? ['AZURE_PASSWORD', 'AZURE_USERNAME'] : ['AZURE_USERNAME', 'AZURE_PASSWORD'];
		throw new UsageError(`${set} is set but ${unset} is not: the password credential needs both (or set AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH instead).`);
	}

	if (value('AZURE_CLIENT_CERTIFICATE_PASSWORD') !== undefined) {
		throw new UsageError('AZURE_CLIENT_CERTIFICATE_PASSWORD is set but AZURE_CLIENT_CERTIFICATE_PATH is not: set the path of the PEM file.');
	}

	throw new UsageError('Environment credentials need AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_USERNAME and AZURE_PASSWORD: none is set.');
}

/**
 * The client authentication of an application credential (the certificate file is read now,
 * so a bad file or password fails before any request); undefined for the password credential,
 * which signs in a user through a public client.
 */
export async function environmentClientAuth(credential: EnvironmentCredential, clock: Clock): Promise<oauth.ClientAuth | undefined> {
	switch (credential.kind) {
		case 'secret': {
			return secretClientAuth(credential.clientSecret);
		}

		case 'certificate': {
			return certificateClientAuth(await readClientCertificate(credential.certificatePath, credential.certificatePassword), clock);
		}

		case 'password': {
			return undefined;
		}
	}
}
