/**
 * An emulator of the Microsoft identity platform (Entra ID) v2.0 endpoints, on 127.0.0.1.
 * msid's tests and `msid demo` run it in process; main.ts runs it as a program of its own.
 */
import {randomInt} from 'node:crypto';
import {createServer} from 'node:http';
import {createServer as createTlsServer} from 'node:https';
import {once} from 'node:events';
import {AuthorizationCodes} from './authorization-codes.js';
import {AuthorizeRequests} from './authorize-requests.js';
import {DeviceCodes} from './device-codes.js';
import {addChinaIdentifiers, demoDirectory, type Directory} from './directory.js';
import {EmulatorFaults, type FaultSwitches} from './faults.js';
import {RefreshTokens} from './refresh-tokens.js';
import {CHINA_ISSUER_ORIGIN} from './issuers.js';
import {createRequestHandler} from './request-handler.js';
import {signingKey} from './signing-key.js';
import {createStats, type Stats} from './stats.js';
import type {Clock} from '../model/clock.js';
import {systemClock} from '../system/clock.js';
import type {AddressInfo} from 'node:net';
import type {EmulatorContext} from './context.js';

export interface EmulatorOptions {
	/** 0 (default): a free port. */
	port?: number;
	/** Drives device-code expiry, token iat/exp and the Date header. Default: the system clock. */
	clock?: Clock;
	/** Seconds between polls announced by devicecode responses. Default 5. */
	interval?: number;
	/** Default 900. */
	deviceCodeLifetimeSeconds?: number;
	/**
	 * Every access token lives exactly this long. Default: like Entra, a user token lives a
	 * random 3600-5400 s (60-90 minutes, drawn with `random`) and an app token 3599 s.
	 */
	accessTokenLifetimeSeconds?: number;
	/** Draws in [0, 1) for the token lifetimes; tests pass their own to be deterministic. Default: crypto. */
	random?: () => number;
	/**
	 * Refresh-token reuse detection, as Auth0 and Okta do it: a refresh token that was already
	 * redeemed is refused (AADSTS70008). Off by default: Entra keeps a redeemed refresh token of
	 * a public client usable until it expires, and msid must cope with both.
	 */
	refreshTokenReuseDetection?: boolean;
	/** Default: demoDirectory(). */
	directory?: Directory;
	/** The device authorization answer's `message`; default: Entra's wording. */
	deviceCodeMessage?: (verificationUri: string, userCode: string) => string;
	/**
	 * Serve https with this key and certificate, under this host name (still listening on
	 * 127.0.0.1): what a client reached through a proxy sees. Default: http://127.0.0.1.
	 */
	tls?: {key: string; cert: string; host: string};
	/**
	 * `china`: shaped like the China cloud: issuers name https://login.partner.microsoftonline.cn
	 * while every endpoint stays on this host (as login.chinacloudapi.cn), and Graph and Resource
	 * Manager also answer to the China cloud's identifier URIs. Default `global`.
	 */
	cloud?: 'global' | 'china';
}

export interface Emulator {
	/** `http://127.0.0.1:PORT`: the authority host (AZURE_AUTHORITY_HOST). */
	url: string;
	directory: Directory;
	faults: FaultSwitches;
	stats: Stats;
	/** TCP connections accepted so far. */
	connections(): number;
	close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const clock = options.clock ?? systemClock;
	const directory = options.directory ?? demoDirectory();
	if (options.cloud === 'china') {
		addChinaIdentifiers(directory);
	}

	const deviceCodes = new DeviceCodes(clock);
	const random = options.random ?? (() => randomInt(0, 2 ** 32) / 2 ** 32);
	const fixedLifetime = options.accessTokenLifetimeSeconds;
	const refreshTokenReuseDetection = options.refreshTokenReuseDetection ?? false;
	const refreshTokens = new RefreshTokens(clock, refreshTokenReuseDetection);
	const context: EmulatorContext = {
		url: '',
		directory,
		clock,
		settings: {
			interval: options.interval ?? 5,
			deviceCodeLifetimeSeconds: options.deviceCodeLifetimeSeconds ?? 900,
			userTokenLifetimeSeconds: () => fixedLifetime ?? entraUserTokenLifetime(random()),
			appTokenLifetimeSeconds: fixedLifetime ?? 3599,
			refreshTokenReuseDetection,
			deviceCodeMessage: options.deviceCodeMessage ?? ((verificationUri, userCode) => `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`),
			...(options.cloud === 'china' ? {issuerOrigin: CHINA_ISSUER_ORIGIN} : {}),
		},
		signingKey: signingKey(),
		deviceCodes,
		refreshTokens,
		authorizationCodes: new AuthorizationCodes(clock),
		authorizeRequests: new AuthorizeRequests(clock),
		faults: new EmulatorFaults(deviceCodes, refreshTokens),
		stats: createStats(),
	};
	const handler = createRequestHandler(context);
	const {tls} = options;
	const server = tls ? createTlsServer({key: tls.key, cert: tls.cert}, handler) : createServer(handler);
	let connections = 0;
	server.on('connection', () => {
		connections++;
	});
	server.listen(options.port ?? 0, '127.0.0.1');
	await once(server, 'listening');
	const {port} = server.address() as AddressInfo;
	context.url = tls ? `https://${tls.host}:${port}` : `http://127.0.0.1:${port}`;
	return {
		url: context.url,
		directory,
		faults: context.faults,
		stats: context.stats,
		connections: () => connections,
		async close() {
			const closed = once(server, 'close');
			server.close();
			// Keep-alive connections from fetch would otherwise hold close() open.
			server.closeAllConnections();
			await closed;
		},
	};
}

/** Entra's default: a random lifetime between 60 and 90 minutes (3600-5400 s, both included). */
export function entraUserTokenLifetime(draw: number): number {
	return 3600 + Math.min(1800, Math.floor(draw * 1801));
}

export * from './directory.js';
export {CHINA_ISSUER_ORIGIN} from './issuers.js';
export type {FaultSwitches} from './faults.js';
export type {Stats} from './stats.js';
