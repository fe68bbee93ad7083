/**
 * An emulator of the Microsoft identity platform (Entra ID) v2.0 endpoints, on 127.0.0.1.
 * msid's tests and `msid demo` run it in process; main.ts runs it as a program of its own.
 */
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
	/** Default 3600 (Entra: 60-90 minutes). */
	accessTokenLifetimeSeconds?: number;
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
	const refreshTokens = new RefreshTokens(clock);
	const context: EmulatorContext = {
		url: '',
		directory,
		clock,
		settings: {
			interval: options.interval ?? 5,
			deviceCodeLifetimeSeconds: options.deviceCodeLifetimeSeconds ?? 900,
			accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
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

export * from './directory.js';
export {CHINA_ISSUER_ORIGIN} from './issuers.js';
export type {FaultSwitches} from './faults.js';
export type {Stats} from './stats.js';
