import {parseClaimsRequest} from '../claims-request.js';
import {requireClient} from '../clients.js';
import {readForm, sendJson, type Exchange} from '../http.js';
import {parseScopes} from '../scopes.js';
import type {Authority} from '../authority.js';
import type {EmulatorContext} from '../context.js';

/**
 * `POST /{tenant}/oauth2/v2.0/devicecode`. A client with public client flows off still gets a
 * code here: like Entra, it learns AADSTS7000218 at its first poll of the token endpoint.
 * The answer has exactly Entra's members: no `verification_uri_complete`, which Entra never
 * sends (test/fixtures/entra/device-code.json), so a client must show the code itself.
 */
export async function handleDeviceAuthorization(context: EmulatorContext, exchange: Exchange, authority: Authority): Promise<void> {
	const form = await readForm(exchange.request);
	const client = requireClient(context.directory, authority, form.get('client_id') ?? undefined);
	const request = parseScopes(context.directory, form.get('scope'));
	const claims = parseClaimsRequest(form.get('claims'));
	const record = context.deviceCodes.create({client, authority, request, claims}, context.settings.deviceCodeLifetimeSeconds);
	const verificationUri = `${context.url}/devicelogin`;
	sendJson(exchange.response, 200, {
		user_code: record.userCode,
		device_code: record.deviceCode,
		verification_uri: verificationUri,
		expires_in: context.settings.deviceCodeLifetimeSeconds,
		interval: context.settings.interval,
		message: context.settings.deviceCodeMessage(verificationUri, record.userCode),
	});
}
