/** Shared steps of the emulator's tests: real HTTP against an in-process emulator. */
import {createPublicKey, verify} from 'node:crypto';
import {approveDeviceCode} from '../helpers/emulator-approve.js';
import {GRAPH_CLI_CLIENT_ID, startEmulator, type Emulator, type EmulatorOptions} from '../../source/emulator/index.js';
import type {Clock} from '../../source/model/clock.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 15, 9, 0, 0)): Clock & {advance(ms: number): void} {
	let now = start;
	return {
		now: () => now,
		sleep: async () => undefined,
		advance(ms) {
			now += ms;
		},
	};
}

export async function withEmulator<T>(options: EmulatorOptions, run: (emulator: Emulator) => Promise<T>): Promise<T> {
	const emulator = await startEmulator({interval: 1, ...options});
	try {
		return await run(emulator);
	} finally {
		await emulator.close();
	}
}

export interface JsonResponse {
	status: number;
	headers: Headers;
	body: Record<string, any>;
}

export async function postForm(url: string, fields: Record<string, string>): Promise<JsonResponse> {
	const response = await fetch(url, {method: 'POST', body: new URLSearchParams(fields)});
	return {status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any>};
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
	const response = await fetch(url, {headers});
	return {status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any>};
}

export interface DeviceCodeStart {
	device_code: string;
	user_code: string;
	verification_uri: string;
	interval: number;
}

export async function requestDeviceCode(emulator: Emulator, options: {tenant?: string; clientId?: string; scope?: string; claims?: string} = {}): Promise<DeviceCodeStart> {
	const response = await postForm(`${emulator.url}/${options.tenant ?? 'organizations'}/oauth2/v2.0/devicecode`, {
		client_id: options.clientId ?? GRAPH_CLI_CLIENT_ID,
		scope: options.scope ?? 'openid profile offline_access User.Read',
		...(options.claims ? {claims: options.claims} : {}),
	});
	if (response.status !== 200) {
		throw new Error(`devicecode failed: ${JSON.stringify(response.body)}`);
	}

	return response.body as DeviceCodeStart;
}

export async function pollDeviceCode(emulator: Emulator, start: DeviceCodeStart, options: {tenant?: string; clientId?: string} = {}): Promise<JsonResponse> {
	return postForm(`${emulator.url}/${options.tenant ?? 'organizations'}/oauth2/v2.0/token`, {
		grant_type: DEVICE_CODE_GRANT,
		client_id: options.clientId ?? GRAPH_CLI_CLIENT_ID,
		device_code: start.device_code,
	});
}

/** Device code sign-in from start to token response, approving through the verification page. */
export async function signInWithDeviceCode(
	emulator: Emulator,
	options: {tenant?: string; scope?: string; username?: string; claims?: string} = {},
): Promise<Record<string, any>> {
	const start = await requestDeviceCode(emulator, options);
	await approveDeviceCode({verificationUri: start.verification_uri, userCode: start.user_code, ...(options.username ? {username: options.username} : {})});
	const response = await pollDeviceCode(emulator, start, options);
	if (response.status !== 200) {
		throw new Error(`token failed: ${JSON.stringify(response.body)}`);
	}

	return response.body;
}

export async function refresh(emulator: Emulator, refreshToken: string, options: {tenant?: string; scope?: string; claims?: string} = {}): Promise<JsonResponse> {
	return postForm(`${emulator.url}/${options.tenant ?? 'organizations'}/oauth2/v2.0/token`, {
		grant_type: 'refresh_token',
		client_id: GRAPH_CLI_CLIENT_ID,
		refresh_token: refreshToken,
		...(options.scope ? {scope: options.scope} : {}),
		...(options.claims ? {claims: options.claims} : {}),
	});
}

export function decodeClaims(jwt: string): Record<string, any> {
	return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, any>;
}

export function decodeHeader(jwt: string): Record<string, any> {
	return JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, any>;
}

/** Verifies an RS256 JWT against the JWKS the emulator publishes, with node:crypto only. */
export async function verifiesAgainstJwks(jwksUri: string, jwt: string): Promise<boolean> {
	const {keys} = (await (await fetch(jwksUri)).json()) as {keys: Array<Record<string, string>>};
	const [header, payload, signature] = jwt.split('.') as [string, string, string];
	const key = keys.find(candidate => candidate['kid'] === decodeHeader(jwt)['kid']);
	if (!key) {
		return false;
	}

	return verify('sha256', Buffer.from(`${header}.${payload}`), createPublicKey({key, format: 'jwk'}), Buffer.from(signature, 'base64url'));
}

export function aadstsCode(body: Record<string, any>): number | undefined {
	return (body['error_codes'] as number[] | undefined)?.[0];
}
