/**
 * Reads one secret from the Secret Service (org.freedesktop.secrets) over the D-Bus session bus
 * in a plain session, without the keychain module, when the bus is a local socket.
 *
 * Why: msid-env reads one entry before a prompt, and most of its time went to the module's
 * read: loading its 3 MB, then an encrypted session whose Diffie-Hellman exchange costs about
 * 3 ms of CPU here and 4 ms more waiting for gnome-keyring to do its half, all on the main
 * thread. This conversation takes two round trips on the bus; measured side by side
 * (interleaved runs, Node 22), msid-env went from 1.47x to about 1.2x `node -e 0`.
 *
 * Why a plain session is as safe here: the transport is a Unix socket of the user's own session
 * bus, which admits only that user. Whoever could read the secret on its way (a bus monitor)
 * runs as that user and could ask the Secret Service for it directly, as this does. A bus at a
 * TCP address, or any address other than a local socket, is left to the module and its
 * encrypted session.
 *
 * The answer is the secret or undefined, and undefined means "no answer here", never "absent":
 * no matching item, more than one, a locked one, a value that is not UTF-8, an error, an
 * unexpected reply or no reply within `timeoutMs` all leave the read to the module, which
 * answers as before (with the secret, nothing, or the error explained as always). Writing,
 * deleting and listing always go through the module.
 *
 * The same client also checks, before each of the module's calls, that the bus answers at all
 * (busSilent): the module would wait on a silent bus with no end.
 */
import {connectLocalSocket} from '../system/local-socket.js';
import {type DbusMessage, DbusReader, DbusWireError, DbusWriter, messageType, strictUtf8, takeMessage} from './dbus-wire.js';

const secrets = {destination: 'org.freedesktop.secrets', path: '/org/freedesktop/secrets', interface: 'org.freedesktop.Secret.Service'};
const bus = {destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus'};
/** A local bus answers in milliseconds; past this the module gets its turn, within the caller's own bound. */
export const plainReadTimeoutMs = 1000;

export interface PlainReadOptions {
	/** DBUS_SESSION_BUS_ADDRESS. */
	address: string | undefined;
	/** The user id the bus's EXTERNAL authentication checks against the socket's peer. */
	uid: number;
	timeoutMs?: number;
	/** For connectLocalSocket (NODE_OPTIONS and the like). Default process.env. */
	env?: NodeJS.ProcessEnv;
	/** The timer for timeoutMs; default the real one (tests give a fake). */
	timers?: Timers;
}

interface Timers {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(id: unknown): void;
}

const realTimers: Timers = {
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: id => {
		clearTimeout(id as NodeJS.Timeout);
	},
};

/** The socket of the first address when it is a local Unix socket, and the server id it names, if any; else undefined. */
export function localBus(address: string | undefined): {socketPath: string; guid?: string} | undefined {
	const first = address?.split(';')[0];
	const match = first === undefined ? undefined : /^unix:(.*)$/.exec(first);
	if (!match) {
		return undefined;
	}

	const keys = new Map<string, string>();
	for (const pair of match[1]!.split(',')) {
		const equals = pair.indexOf('=');
		if (equals > 0) {
			try {
				keys.set(pair.slice(0, equals), decodeURIComponent(pair.slice(equals + 1)));
			} catch {
				return undefined;
			}
		}
	}

	const guid = keys.get('guid');
	const path = keys.get('path');
	const abstract = keys.get('abstract');
	// Linux's abstract socket namespace: Node reaches it with a leading NUL.
	const socketPath = path || (abstract ? `\0${abstract}` : undefined);
	return socketPath === undefined ? undefined : {socketPath, ...(guid ? {guid} : {})};
}

export async function readSecretPlain(service: string, account: string, options: PlainReadOptions): Promise<string | undefined> {
	const local = localBus(options.address);
	const answer = local && await talk(local.socketPath, new Conversation(service, account, local.guid), options);
	return answer === silence ? undefined : answer;
}

/**
 * True when the bus accepts a connection and then says nothing (not even to authentication and
 * Hello) for `timeoutMs`: a stopped or wedged dbus-daemon. The keychain module would then wait
 * on the main thread with no end, where no timer can stop it; so it is not called. False for a
 * bus that answers, refuses, hangs up, or cannot be checked this way (not a local socket).
 */
export async function busSilent(options: PlainReadOptions): Promise<boolean> {
	const local = localBus(options.address);
	return local !== undefined && await talk(local.socketPath, new BusCheck(local.guid), options) === silence;
}

/** The answer of a bus that said nothing in time. */
const silence = Symbol('silence');

/** Runs one exchange on a new connection: its answer, undefined when it has none, or silence. */
async function talk(socketPath: string, exchange: BusExchange, options: PlainReadOptions): Promise<string | undefined | typeof silence> {
	return new Promise(resolve => {
		const timers = options.timers ?? realTimers;
		let timer: unknown;
		let settled = false;
		const finish = (value: string | undefined | typeof silence) => {
			if (!settled) {
				settled = true;
				timers.clearTimeout(timer);
				socket?.close();
				resolve(value);
			}
		};

		const socket = connectLocalSocket(socketPath, {
			data(chunk) {
				try {
					const step = exchange.receive(chunk);
					if (step.send) {
						socket?.write(step.send);
					}

					if (step.done) {
						finish(step.value);
					}
				} catch {
					// A reply this client does not follow (DbusWireError), or anything else thrown on
					// the way, has no place in a socket callback: the module answers instead.
					finish(undefined);
				}
			},
			end() {
				finish(undefined);
			},
		}, options.env);
		if (!socket) {
			finish(undefined);
			return;
		}

		timer = timers.setTimeout(() => {
			finish(silence);
		}, options.timeoutMs ?? plainReadTimeoutMs);
		socket.write(exchange.opening(options.uid));
	});
}

/** What a reply gives: bytes to send, and when the exchange is done, its answer (undefined: none). */
interface Step {
	send?: Buffer;
	done?: boolean;
	value?: string;
}

/**
 * An exchange on the bus, apart from the socket (so a test can feed it any bytes): the SASL
 * EXTERNAL authentication, then replies matched to calls by serial number.
 */
abstract class BusExchange {
	private pending: Uint8Array = new Uint8Array(0);
	private authenticated = false;

	/** The server id the bus address names: the server must answer with it, as libdbus checks. */
	constructor(private readonly guid?: string) {}

	/** What the client sends first: authentication, BEGIN and the first calls. */
	abstract opening(uid: number): Buffer;

	receive(data: Uint8Array): Step {
		this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
		if (!this.authenticated) {
			const end = lineEnd(this.pending);
			if (end < 0) {
				if (this.pending.length > 512) {
					throw new DbusWireError('no end to the authentication reply');
				}

				return {};
			}

			// "OK <server guid>": anything else (REJECTED, ERROR) refuses.
			const line = String.fromCharCode(...this.pending.subarray(0, end));
			if (!line.startsWith('OK ')) {
				throw new DbusWireError('authentication refused');
			}

			if (this.guid !== undefined && line.slice(3) !== this.guid) {
				throw new DbusWireError('another server than the bus address names');
			}

			this.pending = this.pending.subarray(end + 2);
			this.authenticated = true;
		}

		let send: Buffer | undefined;
		let taken;
		while ((taken = takeMessage(this.pending))) {
			this.pending = this.pending.subarray(taken.length);
			const step = this.reply(taken.message);
			if (step?.done) {
				return step;
			}

			send = step?.send ?? send;
		}

		return send ? {send} : {};
	}

	protected abstract reply(message: DbusMessage): Step | undefined;
}

/** Authentication and BEGIN, then Hello: what every connection to the bus starts with. */
function greeting(uid: number): DbusWriter {
	return new DbusWriter()
		.raw(`\0AUTH EXTERNAL ${[...String(uid)].map(digit => digit.charCodeAt(0).toString(16)).join('')}\r\nBEGIN\r\n`)
		.methodCall({serial: 1, ...bus, member: 'Hello'});
}

/** A whole reply to Hello is the bus answering; it needs nothing else. */
class BusCheck extends BusExchange {
	opening(uid: number): Buffer {
		return greeting(uid).bytes();
	}

	protected reply(message: DbusMessage): Step | undefined {
		return message.replySerial === 1 ? {done: true, value: 'answered'} : undefined;
	}
}

/** The read: OpenSession("plain") and SearchItems sent with Hello, then GetSecret for the one item found. */
export class Conversation extends BusExchange {
	private session: string | undefined;
	private items: string[] | undefined;
	private asked = false;

	constructor(
		private readonly service: string,
		private readonly account: string,
		guid?: string,
	) {
		super(guid);
	}

	opening(uid: number): Buffer {
		return greeting(uid)
			.methodCall({serial: 2, ...secrets, member: 'OpenSession', signature: 'sv', body: writer => writer.string('plain').signature('s').string('')})
			// The attributes the keychain module gives every entry it writes, and searches by.
			.methodCall({
				serial: 3, ...secrets, member: 'SearchItems', signature: 'a{ss}', body: writer => writer.array(8, () => {
					for (const [key, value] of [['service', this.service], ['username', this.account]] as const) {
						writer.align(8).string(key).string(value);
					}
				}),
			})
			.bytes();
	}

	protected reply(message: DbusMessage): Step | undefined {
		if (message.type === messageType.error) {
			throw new DbusWireError(`the bus answered ${message.errorName ?? 'an error'}`);
		}

		if (message.type !== messageType.methodReturn) {
			// Signals (NameAcquired after Hello) are not for this exchange.
			return undefined;
		}

		const body = new DbusReader(message.body);
		switch (message.replySerial) {
			case 2: {
				expectSignature(message.signature, 'vo');
				expectSignature(body.signature(), 's');
				body.string();
				this.session = body.string();
				break;
			}

			case 3: {
				expectSignature(message.signature, 'aoao');
				const unlocked = body.strings();
				const locked = body.strings();
				if (unlocked.length !== 1 || locked.length > 0) {
					// None, several, or locked: the module's answer (or error) is the one to give.
					return {done: true};
				}

				this.items = unlocked;
				break;
			}

			case 4: {
				expectSignature(message.signature, '(oayays)');
				body.align(8);
				body.string();
				const parameters = body.byteArray();
				const text = strictUtf8(body.byteArray());
				// A plain session sends the value as it is; anything else is not the answer it seems.
				return parameters.length > 0 || text === undefined ? {done: true} : {done: true, value: text};
			}

			default: {
				break;
			}
		}

		if (this.session !== undefined && this.items !== undefined && !this.asked) {
			this.asked = true;
			return {
				send: new DbusWriter().methodCall({
					serial: 4, destination: secrets.destination, path: this.items[0]!, interface: 'org.freedesktop.Secret.Item', member: 'GetSecret', signature: 'o', body: writer => writer.string(this.session!),
				}).bytes(),
			};
		}

		return undefined;
	}
}

function lineEnd(bytes: Uint8Array): number {
	for (let index = 0; index + 1 < bytes.length; index++) {
		if (bytes[index] === 0x0D && bytes[index + 1] === 0x0A) {
			return index;
		}
	}

	return -1;
}

function expectSignature(actual: string, expected: string): void {
	if (actual !== expected) {
		throw new DbusWireError(`a reply of type ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`);
	}
}
