/**
 * Continuous access evaluation at the APIs: a CAE token (xms_cc cp1) of a revoked session is
 * refused with a claims challenge asking for a token issued after the revocation (`nbf`), in
 * the shape each API really sends (recorded in Microsoft's docs and the Azure SDKs' tests):
 * Graph `error="insufficient_claims"`, Resource Manager `error="invalid_token"` with
 * `error_description="User session has been revoked"`.
 */
import type {JwtPayload} from '../jwt.js';
import type {EmulatorContext} from '../context.js';
import {ResourceError} from './bearer.js';

export type ChallengeShape = 'graph' | 'arm';

export function refuseRevokedSession(context: EmulatorContext, claims: JwtPayload, shape: ChallengeShape): void {
	const capable = Array.isArray(claims['xms_cc']) && (claims['xms_cc'] as unknown[]).some(value => String(value).toLowerCase() === 'cp1');
	const since = capable ? context.faults.revokedSince(claims['uti']) : undefined;
	if (since === undefined) {
		return;
	}

	const request = Buffer.from(JSON.stringify({access_token: {nbf: {essential: true, value: String(since)}}})).toString('base64');
	const header = shape === 'graph'
		? `Bearer realm="", authorization_uri="${context.url}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${request}"`
		: `Bearer authorization_uri="${context.url}/", error="invalid_token", error_description="User session has been revoked", claims="${request}"`;
	throw new ResourceError(401, shape === 'graph' ? 'InvalidAuthenticationToken' : 'InvalidAuthenticationToken', 'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: LocationConditionEvaluationSatisfied', header);
}
