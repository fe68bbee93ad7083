import {credentialRequired} from '../client-authentication.js';
import type {Authority} from '../authority.js';
import type {EmulatorContext} from '../context.js';
import type {Client} from '../directory.js';
import type {ClientAuthentication, TokenResponse} from '../tokens.js';

/** A token request whose client is known and whose credential (if any) checked out. */
export interface GrantRequest {
	context: EmulatorContext;
	authority: Authority;
	client: Client;
	form: URLSearchParams;
	authentication: ClientAuthentication;
}

export type GrantHandler = (request: GrantRequest) => TokenResponse;

/** Device code and password grants: without a credential, only apps with "Allow public client flows". */
export function requirePublicClientFlows(request: GrantRequest): void {
	if (request.authentication === 'none' && (request.client.kind === 'confidential' || !request.client.allowPublicClientFlows)) {
		throw credentialRequired();
	}
}

/** Confidential clients authenticate on every grant. */
export function requireCredentialIfConfidential(request: GrantRequest): void {
	if (request.authentication === 'none' && request.client.kind === 'confidential') {
		throw credentialRequired();
	}
}
