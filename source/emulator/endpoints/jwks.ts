import {sendJson, type Exchange} from '../http.js';
import {authorityIssuer} from '../issuers.js';
import type {Authority} from '../authority.js';
import type {EmulatorContext} from '../context.js';

/** `/{tenant}/discovery/v2.0/keys`: Entra tags each key with the issuer it signs for. */
export function handleJwks(context: EmulatorContext, exchange: Exchange, authority: Authority): void {
	sendJson(exchange.response, 200, {keys: [{...context.signingKey.jwk, issuer: authorityIssuer(context, authority)}]});
}
