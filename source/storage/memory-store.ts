/**
 * The in-memory fake of the OS keychain, for tests and `msid demo`. It stores entries the way
 * the strictest keychain does (per service name, long values split within Windows' limits by
 * chunked.ts), so code that works on it works on every real one.
 */
import {ChunkedStore, type EntryStore, windowsPartLimits} from './chunked.js';

/** Entries per service name; share one between stores to model one keychain seen by several processes. */
export type MemoryKeychain = Map<string, Map<string, string>>;

export interface MemoryStoreOptions {
	service?: string;
	keychain?: MemoryKeychain;
	/** False models the macOS Keychain, where listing asks the user about every entry. */
	listsSilently?: boolean;
}

export class MemoryStore extends ChunkedStore {
	readonly entries: Map<string, string>;

	constructor(options: MemoryStoreOptions = {}) {
		const keychain = options.keychain ?? new Map<string, Map<string, string>>();
		const service = options.service ?? 'msid';
		const entries = keychain.get(service) ?? new Map<string, string>();
		keychain.set(service, entries);
		super(mapEntries(entries), 'memory', windowsPartLimits, options.listsSilently ?? true);
		this.entries = entries;
	}
}

function mapEntries(entries: Map<string, string>): EntryStore {
	return {
		get: async name => entries.get(name),
		async set(name, value) {
			entries.set(name, value);
		},
		delete: async name => entries.delete(name),
		names: async () => [...entries.keys()],
	};
}
