/**
 * Protocol sessions for the flow tests, built the way msid's sign-in builds them: provider
 * from options, discovery over HTTP, then the session (with a client credential when given).
 */
import type * as oauth from 'oauth4webapi';
import {discover} from '../../../source/identity/authorization-server.js';
import {resolveProvider} from '../../../source/identity/providers.js';
import {openSession, type ProtocolSession} from '../../../source/identity/session.js';
import type {Clock} from '../../../source/model/clock.js';
import {systemClock} from '../../../source/system/clock.js';

export interface SessionOptions {
	clock?: Clock;
	signal?: AbortSignal;
	clientId?: string;
	/** A confidential client's authentication; public (none) when absent. */
	clientAuth?: oauth.ClientAuth;
}

export async function entraSession(authorityHost: string, options: SessionOptions & {tenant?: string} = {}): Promise<ProtocolSession> {
	const provider = resolveProvider(
		{provider: 'entra', tenant: options.tenant ?? 'organizations', ...(options.clientId ? {clientId: options.clientId} : {})},
		{AZURE_AUTHORITY_HOST: authorityHost},
	);
	return session({...provider}, options);
}

export async function oidcSession(issuer: string, clientId: string, options: SessionOptions & {audience?: string} = {}): Promise<ProtocolSession> {
	const provider = resolveProvider({provider: 'oidc', issuer, clientId, ...(options.audience ? {audience: options.audience} : {})}, {});
	return session(provider, options);
}

async function session(provider: ReturnType<typeof resolveProvider>, options: SessionOptions): Promise<ProtocolSession> {
	const endpoints = await discover(provider, fetch);
	const http = {fetch, clock: options.clock ?? systemClock, ...(options.signal ? {signal: options.signal} : {})};
	if (!options.clientAuth) {
		return openSession({...provider, endpoints}, endpoints, http);
	}

	return openSession({...provider, endpoints}, endpoints, http, {client_id: provider.clientId}, options.clientAuth);
}
