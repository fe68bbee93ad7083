import {AadstsError, missingParameter} from '../aadsts-error.js';
import {authenticateClient, presentedCredentials} from '../client-authentication.js';
import {requireClient} from '../clients.js';
import {readForm, sendJson, type Exchange} from '../http.js';
import {authorizationCodeGrant} from '../grants/authorization-code.js';
import {clientCredentialsGrant} from '../grants/client-credentials.js';
import {DEVICE_CODE_GRANT, deviceCodeGrant} from '../grants/device-code.js';
import {passwordGrant} from '../grants/password.js';
import {refreshTokenGrant} from '../grants/refresh-token.js';
import type {Authority} from '../authority.js';
import type {EmulatorContext} from '../context.js';
import type {GrantHandler} from '../grants/grant-request.js';

const GRANTS = new Map<string, GrantHandler>([
	[DEVICE_CODE_GRANT, deviceCodeGrant],
	['refresh_token', refreshTokenGrant],
	['authorization_code', authorizationCodeGrant],
	['client_credentials', clientCredentialsGrant],
	['password', passwordGrant],
]);

/** `POST /{tenant}/oauth2/v2.0/token`: finds the client, checks its credential, runs the grant. */
export async function handleToken(context: EmulatorContext, exchange: Exchange, authority: Authority): Promise<void> {
	const form = await readForm(exchange.request);
	const grantType = form.get('grant_type');
	exchange.record.grantType = grantType ?? undefined;
	const credentials = presentedCredentials(exchange.request, form);
	const client = requireClient(context.directory, authority, credentials.clientId);
	if (!grantType) {
		throw missingParameter('grant_type');
	}

	const grant = GRANTS.get(grantType);
	if (!grant) {
		throw new AadstsError('unsupported_grant_type', 70_003, `The app requested an unsupported grant type '${grantType}'.`);
	}

	const authentication = authenticateClient(client, credentials, {tokenEndpoint: tokenEndpoint(context, exchange), now: context.clock.now()});
	const answer = grant({context, authority, client, form, authentication});
	if (form.get('client_info') !== '1') {
		delete answer.client_info;
	}

	sendJson(exchange.response, 200, answer);
}

/** The URL this request was sent to: the audience a client assertion must name. */
function tokenEndpoint(context: EmulatorContext, exchange: Exchange): string {
	return `${context.url}${exchange.url.pathname}`;
}
