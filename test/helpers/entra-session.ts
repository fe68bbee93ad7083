/**
 * A protocol session against the in-process emulator, the way msid's sign-in builds one:
 * provider from options, discovery over HTTP, then the session.
 */
import {discover} from '../../source/identity/authorization-server.js';
import {resolveProvider} from '../../source/identity/providers.js';
import {openSession, type ProtocolSession} from '../../source/identity/session.js';
import type {Clock} from '../../source/model/clock.js';

export async function emulatorSession(url: string, clock: Clock, options: {tenant?: string; clientId?: string; signal?: AbortSignal} = {}): Promise<ProtocolSession> {
	const provider = resolveProvider(
		{provider: 'entra', tenant: options.tenant ?? 'organizations', ...(options.clientId ? {clientId: options.clientId} : {})},
		{AZURE_AUTHORITY_HOST: url},
	);
	const endpoints = await discover(provider, fetch);
	return openSession({...provider, endpoints}, endpoints, {fetch, clock, ...(options.signal ? {signal: options.signal} : {})});
}
