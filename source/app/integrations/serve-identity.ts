/**
 * `msid exec --serve-identity`: a managed-identity endpoint whose every request is a token
 * request for one account through the token service (cache, lock, refresh and rotation as for
 * any other token), and the environment that points Azure SDKs and Terraform at it. The refresh
 * token stays in msid: the child gets an address and a per-run secret, nothing long-lived.
 */
import {MsidError} from '../../model/errors.js';
import type {Clock} from '../../model/clock.js';
import type {TokenService} from '../../model/services.js';
import {startIdentityEndpoint} from '../../system/identity-endpoint.js';
import type {TokenTarget} from '../../system/managed-identity-shapes.js';

export interface ServedIdentity {
	/** Variables for the child: the endpoint's address and secret. */
	env: Record<string, string>;
	/** Variables that would make an SDK pick another managed-identity source, removed from the child. */
	unset: string[];
	close(): Promise<void>;
}

/**
 * Azure SDKs (MSAL's source detection) prefer Service Fabric when IDENTITY_SERVER_THUMBPRINT is
 * set and use MSI_ENDPOINT/MSI_SECRET before IMDS_ENDPOINT; Terraform's SDK takes MSI_ENDPOINT
 * with MSI_SECRET over msi_endpoint. Left in place, any of them would send requests elsewhere.
 */
const competingSources = ['IDENTITY_SERVER_THUMBPRINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'IMDS_ENDPOINT'];

export async function serveIdentity(tokens: TokenService, options: {account: string; clientId: string; clock: Clock}): Promise<ServedIdentity> {
	const endpoint = await startIdentityEndpoint({
		clientId: options.clientId,
		clock: options.clock,
		async issue(target, signal) {
			const fresh = await tokens.get({account: options.account, ...request(target), signal});
			return {
				accessToken: fresh.accessToken,
				tokenType: fresh.tokenType,
				expiresAt: fresh.expiresAt,
				obtainedAt: fresh.record.obtainedAt,
				clientId: options.clientId,
			};
		},
		describeFailure,
	});
	return {
		env: {
			IDENTITY_ENDPOINT: endpoint.appServiceUrl,
			IDENTITY_HEADER: endpoint.secret,
			// Terraform's azurerm provider (use_msi) and go-azure-sdk read these.
			ARM_USE_MSI: 'true',
			ARM_MSI_ENDPOINT: endpoint.imdsUrl,
		},
		unset: competingSources,
		close: async () => endpoint.close(),
	};
}

function request(target: TokenTarget): {resource: string} | {scopes: string[]} {
	return 'resource' in target ? {resource: target.resource} : {scopes: target.scope.split(/\s+/).filter(Boolean)};
}

/** Sign-in problems are final (400, SDKs do not retry them); network trouble is worth a retry (503). */
function describeFailure(error: unknown): {status: number; error: string; message: string} {
	if (!(error instanceof MsidError)) {
		return {status: 500, error: 'server_error', message: 'msid failed to get a token; see the terminal that started this process.'};
	}

	const message = `msid: ${error.message}`;
	if (error.code === 'network') {
		return {status: 503, error: 'temporarily_unavailable', message};
	}

	if (error.code === 'sign-in-required') {
		return {status: 400, error: 'invalid_grant', message};
	}

	return {status: 400, error: 'invalid_request', message};
}
