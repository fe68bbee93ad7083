/**
 * The keytar-shaped interface every secret goes through. Implementations: the OS keychain
 * (keyring-store.ts), an explicit insecure file (file-store.ts) and an in-memory fake
 * (memory-store.ts). All three pass the same contract suite (test/storage/secret-store-contract.ts).
 *
 * Keys are opaque strings chosen by msid (never user text); values are secrets of any length:
 * implementations split long values (see chunked.ts) because Windows' Credential Manager caps an
 * entry at 2,560 bytes.
 */
export interface SecretStore {
	/** 'keychain' or 'file' (or 'memory' in tests): shown in every view that lists secrets. */
	readonly kind: 'keychain' | 'file' | 'memory';
	get(key: string): Promise<string | undefined>;
	set(key: string, value: string): Promise<void>;
	/** Resolves true when something was deleted. */
	delete(key: string): Promise<boolean>;
	/**
	 * False where listing reads every secret and may ask the user about each one (the macOS
	 * Keychain shows an access dialog per entry): callers then work from the names they know
	 * (an account's record names its secrets, secret-keys.ts) and never call keys().
	 */
	readonly listsSilently: boolean;
	/** Every key this store holds for msid's service name (whole secrets, not their parts). */
	keys(): Promise<string[]>;
}
