/**
 * The use-case layer in-process: the real token, account and sign-in services over an
 * in-memory keychain that records every write, a virtual clock shared with the in-process
 * emulator, and a config folder of its own. No subprocess, so a test can look between steps.
 */
import {createShield} from '../../../source/system/shield.js';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createServices} from '../../../source/app/create-services.js';
import type {Runtime} from '../../../source/app/runtime/runtime.js';
import {ALICE, startEmulator, type Emulator, type EmulatorOptions} from '../../../source/emulator/index.js';
import type {Services} from '../../../source/model/services.js';
import {MemoryStore} from '../../../source/storage/memory-store.js';
import {VirtualClock} from '../../helpers/virtual-clock.js';

export type SecretOperation = {op: 'set' | 'delete'; key: string};

/** The in-memory keychain, keeping the order of writes and deletes. */
export class RecordingStore extends MemoryStore {
	readonly operations: SecretOperation[] = [];

	override async set(key: string, value: string): Promise<void> {
		this.operations.push({op: 'set', key});
		await super.set(key, value);
	}

	override async delete(key: string): Promise<boolean> {
		this.operations.push({op: 'delete', key});
		return super.delete(key);
	}
}

export interface UseCases {
	runtime: Runtime;
	services: Services;
	emulator: Emulator;
	clock: VirtualClock;
	secrets: RecordingStore;
	warnings: string[];
	configDir: string;
	/** Signs alice in with the password flow (no interaction) and answers the account's name. */
	signInAlice(): Promise<string>;
	close(): Promise<void>;
}

export async function startUseCases(options: {emulator?: EmulatorOptions; env?: NodeJS.ProcessEnv; listsSilently?: boolean} = {}): Promise<UseCases> {
	const clock = new VirtualClock(Date.UTC(2030, 0, 2, 3, 4, 5));
	const emulator = await startEmulator({accessTokenLifetimeSeconds: 3600, ...options.emulator, clock});
	const configDir = await mkdtemp(path.join(tmpdir(), 'msid-use-case-'));
	const secrets = new RecordingStore(options.listsSilently === undefined ? {} : {listsSilently: options.listsSilently});
	const warnings: string[] = [];
	const runtime: Runtime = {
		env: {MSID_CONFIG_DIR: configDir, AZURE_AUTHORITY_HOST: emulator.url, ...options.env},
		clock,
		fetch: globalThis.fetch,
		secrets,
		configDir,
		shield: createShield(),
		warn(message) {
			warnings.push(message);
		},
	};
	const services = createServices(runtime);
	return {
		runtime,
		services,
		emulator,
		clock,
		secrets,
		warnings,
		configDir,
		async signInAlice() {
			for await (const event of services.signIn({flow: 'password', username: ALICE.username, password: ALICE.password, tenant: 'contoso.onmicrosoft.com'})) {
				if (event.type === 'success') {
					return event.accountName;
				}

				if (event.type === 'failure') {
					throw event.error;
				}
			}

			throw new Error('the sign-in ended without an outcome');
		},
		async close() {
			await emulator.close();
			await rm(configDir, {recursive: true, force: true});
		},
	};
}
