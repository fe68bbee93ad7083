/**
 * Entra's `client_info`: asked for with `client_info=1` on a token request (as MSAL does on every
 * one), answered as base64url JSON `{"uid": ..., "utid": ...}`: the user's object id in their home
 * tenant and that tenant's id. Unlike `oid` and `tid` (which name the user in the tenant the token
 * is for, a guest's object there), it is the same person whichever tenant they signed in to.
 */
import type {ProviderKind} from '../model/account.js';

export interface ClientInfo {
	uid: string;
	utid: string;
}

/** The request parameters that ask for it: Entra only. */
export function clientInfoParameters(kind: ProviderKind): Record<string, string> {
	return kind === 'entra' ? {client_info: '1'} : {};
}

const id = /^[\w-]{1,64}$/;

/** Decodes a token response's `client_info`; anything malformed is ignored (the ID token still names the user). */
export function parseClientInfo(value: unknown): ClientInfo | undefined {
	if (typeof value !== 'string' || value.length > 1024) {
		return undefined;
	}

	try {
		const decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<string, unknown>;
		const {uid, utid} = decoded;
		return typeof uid === 'string' && typeof utid === 'string' && id.test(uid) && id.test(utid) ? {uid: uid.toLowerCase(), utid: utid.toLowerCase()} : undefined;
	} catch {
		return undefined;
	}
}
