/**
 * What most end-to-end test files share: one private keychain for the file (its tests and the
 * msid processes they start), and a real `msid login` by device code approved the way a user
 * would, through the provider's own page.
 */
import test from 'ava';
import {ALICE, CONTOSO_TENANT_ID, demoDirectory, type Directory} from '../../source/emulator/directory.js';
import {startEmulator, type Emulator, type EmulatorOptions} from '../../source/emulator/index.js';
import {approveDeviceCode} from './emulator-approve.js';
import {makeMsidEnv, startMsid, startTestKeyring, type MsidEnv, type RunResult} from './cli.js';
import type {KeyringSession} from './keyring-session.js';
import {cleanupTempDirs} from './temp-dirs.js';

export interface FileKeychain {
	/** The running session, inside tests. */
	(): KeyringSession;
	/** Resolves once it runs: AVA starts a file's before hooks together, so other hooks await this. */
	ready(): Promise<KeyringSession>;
}

/** Registers the file's before/after hooks; call the returned function inside tests. */
export function keychainPerTestFile(): FileKeychain {
	let session: KeyringSession | undefined;
	let starting: Promise<KeyringSession> | undefined;
	const ready = async () => {
		starting ??= startTestKeyring().then(started => {
			session = started;
			return started;
		});
		return starting;
	};

	test.before(ready);
	test.after.always(async () => {
		await session?.stop();
		await cleanupTempDirs();
	});
	const current = () => {
		if (!session) {
			throw new Error('the test keychain has not started');
		}

		return session;
	};

	return Object.assign(current, {ready});
}

/** The line msid login prints (the server's message, or msid's own). */
export const deviceCodePrompt = /open (?:the page )?(\S+?)\.? and enter the code (\S+?)[ .]/;

export type Approve = (userCode: string, verificationUri: string) => Promise<void>;

/** The emulator's page, as the given user (default: the first one offered). */
export const approveOnEmulator = (username?: string): Approve => async (userCode, verificationUri) =>
	approveDeviceCode({verificationUri, userCode, ...(username ? {username} : {})});

/** Runs `msid login ARGS`, approves the code, and resolves once msid signed in; throws otherwise. */
export async function signIn(env: NodeJS.ProcessEnv, args: string[] = [], approve: Approve = approveOnEmulator()): Promise<RunResult> {
	const login = startMsid(['login', ...args], env);
	try {
		const [, verificationUri, userCode] = (await login.waitForStderr(deviceCodePrompt)) as unknown as [string, string, string];
		await approve(userCode, verificationUri);
	} catch (error) {
		// Left alone, msid would poll until the code expires and keep the test process alive.
		login.child.kill();
		throw error;
	}

	const result = await login.done;
	if (result.code !== 0) {
		throw new Error(`msid login failed (${result.code}): ${result.stderr}`);
	}

	return result;
}

/**
 * The demo directory with one Contoso user per name, the name as both username and display
 * name (so it reaches the ID token's claims), the password `namedUserPassword(index)`, and no
 * password hints on the sign-in page.
 */
export function directoryOfNames(names: readonly string[]): Directory {
	const directory = demoDirectory();
	directory.users = names.map((name, index) => ({
		username: name,
		password: namedUserPassword(index),
		displayName: name,
		memberships: [{tenantId: CONTOSO_TENANT_ID, oid: `${index.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`, home: true}],
	}));
	directory.passwordHints = false;
	return directory;
}

export const namedUserPassword = (index: number) => `password-${index}`;

/** One in-process emulator for the file's tests, closed after them. */
export function emulatorPerTestFile(options: EmulatorOptions = {}): () => Emulator {
	let emulator: Emulator | undefined;
	test.before(async () => {
		emulator = await startEmulator({interval: 1, ...options});
	});
	test.after.always(async () => emulator?.close());
	return () => {
		if (!emulator) {
			throw new Error('the emulator has not started');
		}

		return emulator;
	};
}

/** A fresh msid home on the file's keychain and emulator, with alice signed in by device code. */
export async function signedInAliceOn(keyring: FileKeychain, emulator: () => Emulator): Promise<{msid: MsidEnv; login: RunResult}> {
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator().url});
	const login = await signIn(msid.env, [], approveOnEmulator(ALICE.username));
	return {msid, login};
}
