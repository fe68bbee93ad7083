/**
 * Turns a failed keychain call into one plain line: what is missing and how to fix it. The
 * library's own messages rarely say ("Couldn't access platform storage: AccessDenied" when
 * there is no D-Bus session at all, because it then falls back to the kernel keyring), so on
 * Linux the cause is worked out from the environment: is there a session bus, can it be
 * reached, is the keyring locked. The raw error stays as `cause`; it is never shown to the
 * user because it may quote whatever the platform returned.
 */
import {connect} from 'node:net';
import {MsidError} from '../model/errors.js';

/** The call did not finish in time; a locked keyring may be waiting on a password prompt. */
export class KeychainTimeoutError extends Error {
	override readonly name = 'KeychainTimeoutError';

	constructor(readonly timeoutMs: number) {
		super(`The keychain did not answer within ${timeoutMs} ms`);
	}
}

/** The session bus accepted a connection and then said nothing: the keychain module would wait on it for ever. */
export class SessionBusSilentError extends Error {
	override readonly name = 'SessionBusSilentError';

	constructor(readonly timeoutMs: number) {
		super(`The D-Bus session bus did not answer within ${timeoutMs} ms`);
	}
}

const fallback = 'or set MSID_STORE=file to keep secrets in a plain file instead';
const secretServicePlatforms = new Set<NodeJS.Platform>(['linux', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix']);

export interface DiagnosisOptions {
	env: NodeJS.ProcessEnv;
	platform?: NodeJS.Platform;
}

export async function keychainUnavailable(error: unknown, options: DiagnosisOptions): Promise<MsidError> {
	const message = await describe(error, options);
	return new MsidError('keychain-unavailable', message, {cause: error});
}

async function describe(error: unknown, {env, platform = process.platform}: DiagnosisOptions): Promise<string> {
	if (error instanceof KeychainTimeoutError) {
		return `The OS keychain did not answer within ${Math.round(error.timeoutMs / 1000)} s (a locked keyring may be waiting for its password): unlock it and try again, ${fallback}.`;
	}

	if (error instanceof SessionBusSilentError) {
		return `The D-Bus session bus did not answer within ${Math.round(error.timeoutMs / 1000)} s, so msid cannot reach the Secret Service keychain: restart the session bus (log out and in again), ${fallback}.`;
	}

	const raw = error instanceof Error ? error.message : String(error);
	// libdbus's "Did not receive a reply" (the keyring daemon is stuck) lists among its possible
	// causes a policy that "blocked the reply": no sign of a locked keyring.
	if (/did not receive a reply|NoReply/i.test(raw)) {
		return `The Secret Service keychain did not answer on the D-Bus session bus: restart gnome-keyring (or your keyring app) and try again, ${fallback}.`;
	}

	if (/\blocked\b|unlock prompt|interaction is not allowed/i.test(raw)) {
		return `The OS keychain is locked: unlock it (for example with your desktop login or your keyring app) and try again, ${fallback}.`;
	}

	if (!secretServicePlatforms.has(platform)) {
		return `The OS keychain failed (run with MSID_DEBUG=1 for details): check that it works for your user, ${fallback}.`;
	}

	const address = env['DBUS_SESSION_BUS_ADDRESS'];
	if (!address) {
		return `There is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so msid cannot reach the Secret Service keychain: run msid in a desktop session or under dbus-run-session, ${fallback}.`;
	}

	if (!await busReachable(address)) {
		return `The D-Bus session bus in DBUS_SESSION_BUS_ADDRESS cannot be reached, so msid cannot reach the Secret Service keychain: start a D-Bus session or correct the variable, ${fallback}.`;
	}

	return `No Secret Service keychain with a default keyring answers on the D-Bus session bus: install and start gnome-keyring (or enable KeePassXC's Secret Service integration), ${fallback}.`;
}

/** True when any of the address's socket transports accepts a connection. */
async function busReachable(address: string): Promise<boolean> {
	const attempts = address.split(';').map(async transport => {
		const target = socketOf(transport);
		return target === undefined ? true : canConnect(target);
	});
	return (await Promise.all(attempts)).some(Boolean);
}

type SocketTarget = {path: string} | {host: string; port: number};

/** The socket a D-Bus transport names; undefined for kinds we cannot check (they count as reachable). */
function socketOf(transport: string): SocketTarget | undefined {
	const [kind = '', parameterText = ''] = transport.split(/:(.*)/s);
	const parameters = new Map(parameterText.split(',').map(pair => {
		const [key = '', value = ''] = pair.split(/=(.*)/s);
		return [key, decodeURIComponent(value)] as const;
	}));
	if (kind === 'unix' && parameters.has('path')) {
		return {path: parameters.get('path')!};
	}

	if (kind === 'unix' && parameters.has('abstract')) {
		return {path: `\0${parameters.get('abstract')!}`};
	}

	if (kind === 'tcp' && parameters.has('port')) {
		return {host: parameters.get('host') ?? 'localhost', port: Number(parameters.get('port'))};
	}

	return undefined;
}

async function canConnect(target: SocketTarget): Promise<boolean> {
	// node:net loads at this first call (scripts/builtins-through-require.js), on the failure path
	// only: the keychain module loads before every stale prompt.
	return new Promise(resolve => {
		const socket = connect(target);
		const done = (reachable: boolean) => {
			socket.destroy();
			resolve(reachable);
		};

		socket.setTimeout(1000, () => {
			done(false);
		});
		socket.once('connect', () => {
			done(true);
		});
		socket.once('error', () => {
			done(false);
		});
	});
}
