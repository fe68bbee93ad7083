/**
 * The two managed-identity token protocols Azure SDKs and Terraform already speak, as data:
 * which query a request carries and which JSON answers it (docs/protocol.md, "Managed identity
 * endpoints"). No I/O here; the endpoint server does the HTTP.
 */

/** What a token request asks for: an Entra v1 resource, or (some clients) a v2 scope. */
export type TokenTarget = {resource: string} | {scope: string};

export interface IssuedToken {
	accessToken: string;
	tokenType: string;
	/** Epoch ms. */
	expiresAt: number;
	/** Epoch ms: when the token was obtained, its `not_before`. */
	obtainedAt: number;
	/** The application the token was issued to, the `client_id` App Service reports. */
	clientId: string;
}

export class EndpointRequestError extends Error {
	constructor(
		readonly status: 400 | 404 | 405,
		readonly error: string,
		message: string,
	) {
		super(message);
	}
}

/** App Service's only API version with IDENTITY_HEADER; older ones answer a different JSON. */
export const appServiceApiVersion = '2019-08-01';

/** Parameters that select a user-assigned identity; msid serves exactly one identity. */
const identitySelectors = ['object_id', 'principal_id', 'mi_res_id', 'msi_res_id'];

/** The resource or scope a request names, after the checks both protocols share. */
export function readTarget(query: URLSearchParams, clientId: string): TokenTarget {
	for (const name of identitySelectors) {
		if (query.has(name)) {
			throw new EndpointRequestError(400, 'invalid_request', `This endpoint serves one identity, the msid account's: ${name} selects a user-assigned identity it does not have.`);
		}
	}

	const askedClient = query.get('client_id') ?? query.get('clientid');
	if (askedClient !== null && askedClient.toLowerCase() !== clientId.toLowerCase()) {
		throw new EndpointRequestError(400, 'invalid_request', `This endpoint serves the msid account's application ${clientId}, not client_id ${askedClient}.`);
	}

	const resource = query.get('resource');
	const scope = query.get('scope')?.trim();
	if (resource && scope) {
		throw new EndpointRequestError(400, 'invalid_request', 'Give resource or scope, not both.');
	}

	if (resource) {
		return {resource};
	}

	if (scope) {
		return {scope};
	}

	throw new EndpointRequestError(400, 'invalid_request', 'Required query parameter resource is missing.');
}

function asked(target: TokenTarget): string {
	return 'resource' in target ? target.resource : target.scope;
}

/** App Service 2019-08-01: `expires_on` in epoch seconds, as a string. */
export function appServiceResponse(target: TokenTarget, token: IssuedToken): Record<string, string> {
	return {
		access_token: token.accessToken,
		expires_on: String(Math.floor(token.expiresAt / 1000)),
		resource: asked(target),
		token_type: token.tokenType,
		client_id: token.clientId,
	};
}

/** Azure Instance Metadata Service: every number a string, an empty refresh token. */
export function imdsResponse(target: TokenTarget, token: IssuedToken, now: number): Record<string, string> {
	const expiresOn = Math.floor(token.expiresAt / 1000);
	return {
		access_token: token.accessToken,
		refresh_token: '',
		expires_in: String(Math.max(0, expiresOn - Math.floor(now / 1000))),
		expires_on: String(expiresOn),
		not_before: String(Math.floor(token.obtainedAt / 1000)),
		resource: asked(target),
		token_type: token.tokenType,
	};
}
