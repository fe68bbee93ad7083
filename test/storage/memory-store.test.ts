import {MemoryStore, type MemoryKeychain} from '../../source/storage/memory-store.js';
import {secretStoreContract} from './secret-store-contract.js';

secretStoreContract('memory', async () => {
	const keychain: MemoryKeychain = new Map();
	return {
		open: service => new MemoryStore({service, keychain}),
		rawNames: async service => [...keychain.get(service)?.keys() ?? []],
	};
});
