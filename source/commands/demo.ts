/**
 * msid demo: the whole product without a Microsoft tenant or a network. Starts the Entra
 * emulator on 127.0.0.1 in this process, points a throwaway config folder and keychain service
 * at it, and opens the dashboard. Everything it made is removed when the dashboard ends,
 * however it ends (q, Ctrl-C, SIGTERM, a crash).
 */
import {randomBytes} from 'node:crypto';
import {rmSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createServices} from '../app/create-services.js';
import {startEmulator} from '../emulator/index.js';
import type {Runtime} from '../app/runtime/runtime.js';
import {KeyringStore} from '../storage/keyring-store.js';
import {MemoryStore} from '../storage/memory-store.js';
import type {SecretStore} from '../storage/secret-store.js';
import type {Command} from './context.js';
import type {demoSpec} from './spec/demo.js';

/** A keychain that takes longer than this to answer is treated as absent: the demo must start. */
const keychainProbeMs = 3000;

const stopSignals = ['SIGHUP', 'SIGINT', 'SIGTERM'] as const;

export const demo: Command<typeof demoSpec> = async (_args, {runtime, stdout, stderr, signal}) => {
	if (!process.stdin.isTTY || !stdout.isTTY) {
		stderr.write('msid: msid demo needs a terminal (it opens the full-screen dashboard); run it in an interactive terminal, not through a pipe.\n');
		return 1;
	}

	const configDir = await mkdtemp(path.join(tmpdir(), 'msid-demo-'));
	// A crash that skips the finally below still leaves no demo folder behind.
	const removeDirNow = () => {
		rmSync(configDir, {recursive: true, force: true});
	};

	process.once('exit', removeDirNow);
	// Closing the terminal (SIGHUP) or kill (SIGTERM, SIGINT) must end the dashboard, not the
	// process, so the clean-up below runs. The handlers stay for the whole run: Ink's exit hook
	// (signal-exit) kills the process again with the signal when it finds itself the only
	// listener, which a one-shot handler would leave it as.
	const stop = new AbortController();
	const onSignal = () => {
		stop.abort();
	};

	for (const name of stopSignals) {
		process.on(name, onSignal);
	}

	let secrets: SecretStore | undefined;
	let closeEmulator: (() => Promise<void>) | undefined;
	try {
		const emulator = await startEmulator({interval: 1});
		closeEmulator = async () => emulator.close();
		const service = `msid-demo-${randomBytes(4).toString('hex')}`;
		const env: NodeJS.ProcessEnv = {...runtime.env, MSID_CONFIG_DIR: configDir, MSID_KEYCHAIN_SERVICE: service, AZURE_AUTHORITY_HOST: emulator.url};
		// The demo's secrets are fake; the user's MSID_STORE=file choice is for real ones.
		delete env['MSID_STORE'];
		secrets = await demoSecretStore(service, env, stderr);
		const demoRuntime: Runtime = {...runtime, env, configDir, secrets};
		const users = emulator.directory.users.map(user => `${user.username} (password ${user.password})`).join(', ');
		stderr.write(`msid demo: sign-in page ${emulator.url}/devicelogin · demo users ${users}\n`);
		const {runDashboard} = await import('../ui/run-dashboard.js');
		return await runDashboard(createServices(demoRuntime), {env, signal: AbortSignal.any([signal, stop.signal])});
	} finally {
		for (const name of stopSignals) {
			process.off(name, onSignal);
		}

		await removeSecrets(secrets, stderr);
		await closeEmulator?.();
		await rm(configDir, {recursive: true, force: true, maxRetries: 3});
		process.off('exit', removeDirNow);
	}
};

/** The OS keychain under a throwaway service name, or memory when the keychain cannot be reached. */
async function demoSecretStore(service: string, env: NodeJS.ProcessEnv, stderr: NodeJS.WritableStream): Promise<SecretStore> {
	const keychain = new KeyringStore({env, service, timeoutMs: keychainProbeMs});
	try {
		// A write, not only a read: a locked keyring lists entries but cannot store new ones.
		await keychain.set('demo-probe', 'probe');
		await keychain.delete('demo-probe');
		return new KeyringStore({env, service});
	} catch (error) {
		stderr.write('msid demo: the OS keychain is not reachable here, so the demo keeps its secrets in memory (run msid doctor to see why).\n');
		if (env['MSID_DEBUG'] === '1') {
			stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		}

		return new MemoryStore({service});
	}
}

async function removeSecrets(secrets: SecretStore | undefined, stderr: NodeJS.WritableStream): Promise<void> {
	if (!secrets || secrets.kind !== 'keychain') {
		return;
	}

	try {
		for (const key of await secrets.keys()) {
			await secrets.delete(key);
		}
	} catch (error) {
		stderr.write(`msid demo: could not remove the demo's keychain entries (${error instanceof Error ? error.message : String(error)}).\n`);
	}
}
