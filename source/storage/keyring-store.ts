/**
 * Secrets in the OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service
 * on Linux) through @napi-rs/keyring with keytar's API shape, one entry per secret under
 * msid's service name; on Windows long values are split by chunked.ts.
 *
 * Every call has a timeout, because a locked keyring can sit on an unlock prompt nobody sees,
 * and every failure becomes MsidError('keychain-unavailable') with the cause and the fix
 * (keyring-errors.ts).
 *
 * The native module is loaded on first use, so commands that never touch a secret (`msid list`)
 * do not pay for it. On Linux, with the session bus on a local socket, a read is first tried
 * through msid's own small D-Bus client in a plain session (secret-service-read.ts says why that
 * is faster and as safe): msid-env with a fresh cached token then never loads the module. When
 * that read cannot answer for certain, the module reads as before. Before each of the module's
 * calls the bus must answer a greeting, as the module would wait on a silent bus for ever.
 *
 * The module fixes its backend and its D-Bus connection at the first call in a process:
 * DBUS_SESSION_BUS_ADDRESS must be set before then.
 */
import {createRequire} from 'node:module';
import {ChunkedStore, type EntryStore, type PartLimits, windowsPartLimits} from './chunked.js';
import {KeychainTimeoutError, keychainUnavailable, SessionBusSilentError} from './keyring-errors.js';
import {busSilent, type PlainReadOptions, readSecretPlain} from './secret-service-read.js';

/** The part of keytar's API msid uses. */
export interface KeytarApi {
	getPassword(service: string, account: string): Promise<string | null>;
	setPassword(service: string, account: string, password: string): Promise<void>;
	deletePassword(service: string, account: string): Promise<boolean>;
	findCredentials(service: string): Promise<Array<{account: string; password: string}>>;
}

export interface KeyringStoreOptions {
	/** For the service name (MSID_KEYCHAIN_SERVICE) and for explaining failures. Default process.env. */
	env?: NodeJS.ProcessEnv;
	/** Overrides MSID_KEYCHAIN_SERVICE; default 'msid'. */
	service?: string;
	/** Per call, in real time (a keychain prompt waits on a person, not on a test's clock). Default: keychainTimeoutMs(). */
	timeoutMs?: number;
	/** A person is at the terminal and can answer a keychain dialog (see keychainTimeoutMs). */
	interactive?: boolean;
	/** Another keytar-shaped implementation (tests); default @napi-rs/keyring, see loadKeytar(). */
	keytar?: KeytarApi;
	/** How long values are split; default Windows' limits on Windows, one entry elsewhere. */
	partLimits?: PartLimits;
	/** Default process.platform: on macOS listing reads (and may prompt for) every entry. */
	platform?: NodeJS.Platform;
}

export const defaultKeychainTimeoutMs = 8000;
const personTimeoutMs = 120_000;

/**
 * How long one keychain call may take. The macOS Keychain asks the user to allow access in a
 * dialog the first time a program reads an entry; a person needs more than 8 s for that, so a
 * command run at a terminal waits up to 2 minutes there. Everywhere else, and without a person
 * (scripts, msid-env in a prompt hook, which runs in the background anyway), a keychain that does
 * not answer in 8 s is sitting on a prompt nobody sees, and the user hears so.
 */
export function keychainTimeoutMs(platform: NodeJS.Platform, interactive: boolean): number {
	return interactive && platform === 'darwin' ? personTimeoutMs : defaultKeychainTimeoutMs;
}

export class KeyringStore extends ChunkedStore {
	readonly service: string;

	constructor(options: KeyringStoreOptions = {}) {
		const env = options.env ?? process.env;
		const service = options.service ?? (env['MSID_KEYCHAIN_SERVICE'] || 'msid');
		const limits = options.partLimits ?? (process.platform === 'win32' ? windowsPartLimits : undefined);
		super(keyringEntries(service, env, options), 'keychain', limits, (options.platform ?? process.platform) !== 'darwin');
		this.service = service;
	}
}

function keyringEntries(service: string, env: NodeJS.ProcessEnv, options: KeyringStoreOptions): EntryStore {
	const timeoutMs = options.timeoutMs ?? keychainTimeoutMs(options.platform ?? process.platform, options.interactive ?? false);
	let keytar: Promise<KeytarApi> | undefined = options.keytar && Promise.resolve(options.keytar);
	const bus = sessionBusFor(options);

	async function call<T>(operation: () => Promise<T>): Promise<T> {
		try {
			return await withTimeout(operation(), timeoutMs);
		} catch (error) {
			throw await keychainUnavailable(error, {env});
		}
	}

	return {
		get: async name => (await call(async () => (bus && await readSecretPlain(service, name, bus)) ?? (await api()).getPassword(service, name))) ?? undefined,
		set: async (name, value) => call(async () => (await api()).setPassword(service, name, value)),
		delete: async name => call(async () => (await api()).deletePassword(service, name)),
		names: async () => (await call(async () => (await api()).findCredentials(service))).map(credential => credential.account),
	};

	/**
	 * The module talks to the bus on the main thread at every call, and on a silent bus (a stopped
	 * dbus-daemon) it waits there with no end, beyond any timer's reach. So before each call the
	 * bus must answer a greeting (a millisecond) within half the keychain's time limit, or the
	 * call fails saying so.
	 */
	async function api(): Promise<KeytarApi> {
		if (bus && await busSilent({...bus, timeoutMs: timeoutMs / 2})) {
			throw new SessionBusSilentError(timeoutMs / 2);
		}

		return keytar ??= loadKeytar();
	}
}

/**
 * The session bus msid's own D-Bus client may use: the one the module would (it reads the
 * process's environment, not `env`), on Linux, and not beside another keytar (a test's), which
 * is then the whole keychain.
 */
function sessionBusFor({keytar: given, platform = process.platform}: KeyringStoreOptions): PlainReadOptions | undefined {
	const uid = process.getuid?.();
	return given || platform !== 'linux' || uid === undefined ? undefined : {address: process.env['DBUS_SESSION_BUS_ADDRESS'], uid};
}

/**
 * @napi-rs/keyring's keytar calls, except that on Linux the entries require the Secret Service.
 * The library's keytar.js would otherwise fall back to the kernel keyring when there is no
 * D-Bus session: secrets there vanish at reboot, findCredentials cannot list them (so keys()
 * and logout would miss them), and the user would never learn why.
 */
async function loadKeytar(): Promise<KeytarApi> {
	// require(), not import(): the module is CommonJS, and importing it would make Node scan its
	// source for export names first, on msid-env's critical path.
	const {AsyncEntry, findCredentialsAsync} = nativeKeyring();
	const options = process.platform === 'linux' ? {linux: {store: 'secret-service' as const}} : undefined;
	const entry = (service: string, account: string) => new AsyncEntry(service, account, options);
	return {
		getPassword: async (service, account) => entry(service, account).getPassword(),
		setPassword: async (service, account, password) => entry(service, account).setPassword(password),
		deletePassword: async (service, account) => entry(service, account).deletePassword(),
		findCredentials: async service => findCredentialsAsync(service),
	};
}

/**
 * The prebuilt addon for this platform. The package's own index.js finds it by trial (it reads
 * /usr/bin/ldd to tell musl from glibc and lets one require fail before the one that works),
 * which costs msid-env about 5 ms of CPU; the usual platform package is asked for by name
 * first, and index.js, which knows every other case, answers when that fails.
 */
function nativeKeyring(): typeof import('@napi-rs/keyring') {
	// In the CommonJS bundle the module's own require() does it; createRequire would load
	// node:module and with it Node's ES-module loader, about a millisecond of msid-env's start.
	const load = typeof require === 'function' ? require : createRequire(import.meta.url);
	const usual = usualPlatformPackage(process.platform, process.arch);
	if (usual) {
		try {
			return load(usual) as typeof import('@napi-rs/keyring');
		} catch {
			// Not installed here (musl, a universal macOS build, another layout): index.js knows.
		}
	}

	return load('@napi-rs/keyring') as typeof import('@napi-rs/keyring');
}

/** The addon package npm installs for @napi-rs/keyring on the common platforms. */
export function usualPlatformPackage(platform: NodeJS.Platform, arch: string): string | undefined {
	switch (platform) {
		case 'linux': {
			return `@napi-rs/keyring-linux-${arch}-gnu`;
		}

		case 'darwin': {
			return `@napi-rs/keyring-darwin-${arch}`;
		}

		case 'win32': {
			return `@napi-rs/keyring-win32-${arch}-msvc`;
		}

		default: {
			return undefined;
		}
	}
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
	// After a timeout the call may still fail later; nobody is listening then, and an unhandled
	// rejection would end the process.
	work.catch(() => undefined);
	// A plain timer, not an AbortSignal: msid-env would load Node's AbortController for it.
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			reject(new KeychainTimeoutError(timeoutMs));
		}, timeoutMs);
	});
	try {
		return await Promise.race([work, timeout]);
	} finally {
		clearTimeout(timer);
	}
}
