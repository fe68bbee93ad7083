/**
 * What Microsoft Graph and Azure Resource Manager check of a Bearer token before answering:
 * our signature, lifetime on the emulator clock, and an audience of theirs.
 */
import {randomUUID} from 'node:crypto';
import {decodeJwt, verifyJwtSignature, type JwtPayload} from '../jwt.js';
import {sendJson, type Exchange} from '../http.js';
import type {EmulatorContext} from '../context.js';

/** A resource API's refusal: `{error: {code, message}}` plus a WWW-Authenticate challenge. */
export class ResourceError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly wwwAuthenticate?: string,
	) {
		super(message);
	}
}

/** Every identifier of the API with this app id, as the directory registers it (a cloud's own URIs included). */
export function resourceAudiences(context: EmulatorContext, appId: string): string[] {
	const resource = context.directory.resources.find(candidate => candidate.appId === appId);
	return resource ? [resource.identifier, ...(resource.aliases ?? []), resource.appId] : [appId];
}

/** Clock leeway for `nbf`, as resource APIs allow. */
const LEEWAY_SECONDS = 300;

export function authenticateBearer(context: EmulatorContext, exchange: Exchange, audiences: string[], challenge: string): JwtPayload {
	const token = /^Bearer\s+(\S+)$/i.exec(exchange.request.headers.authorization ?? '')?.[1];
	const refuse = (message: string) => new ResourceError(401, 'InvalidAuthenticationToken', message, challenge);
	if (!token) {
		throw refuse('Access token is empty.');
	}

	const jwt = decodeJwt(token);
	if (!jwt || jwt.header['alg'] !== 'RS256' || !verifyJwtSignature(jwt, context.signingKey.publicKey)) {
		throw refuse('Access token validation failure. Invalid signature.');
	}

	const now = context.clock.now() / 1000;
	const {exp, nbf, aud} = jwt.payload;
	if (typeof exp !== 'number' || exp <= now) {
		throw refuse('Lifetime validation failed, the token is expired.');
	}

	if (typeof nbf === 'number' && nbf > now + LEEWAY_SECONDS) {
		throw refuse('Lifetime validation failed, the token is not yet valid.');
	}

	// Exactly, trailing slash included: `https://management.core.windows.net/` is one identifier, without the slash another.
	if (!audiences.some(audience => audience.toLowerCase() === String(aud).toLowerCase())) {
		throw refuse(`Access token validation failure. Invalid audience '${String(aud)}'.`);
	}

	return jwt.payload;
}

export function sendResourceError(context: EmulatorContext, exchange: Exchange, error: ResourceError): void {
	sendJson(
		exchange.response,
		error.status,
		{error: {code: error.code, message: error.message, innerError: {date: new Date(context.clock.now()).toISOString().replace(/\.\d+Z$/, ''), 'request-id': randomUUID(), 'client-request-id': randomUUID()}}},
		error.wwwAuthenticate ? {'WWW-Authenticate': error.wwwAuthenticate} : {},
	);
}

/** Runs a resource handler, answering its ResourceError in the resource APIs' shape. */
export async function asResource(context: EmulatorContext, exchange: Exchange, handle: () => void | Promise<void>): Promise<void> {
	try {
		await handle();
	} catch (error) {
		if (!(error instanceof ResourceError)) {
			throw error;
		}

		sendResourceError(context, exchange, error);
	}
}
