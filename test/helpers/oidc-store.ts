import type {Adapter, AdapterPayload} from 'oidc-provider';

// Entries outlive their own expiry by this long so that oidc-provider itself decides
// what is expired (it answers `expired_token` for a late device code only if it can
// still find the code).
const graceMilliseconds = 10 * 60 * 1000;

interface Entry {
	payload: AdapterPayload;
	removeAt: number;
}

/**
 * In-memory storage for one provider instance. oidc-provider's own memory adapter is
 * shared per process and announces itself on every start; this one is private to a
 * test server and lets the helper list grants and sessions (for `revokeAll`).
 */
export class OidcStore {
	readonly #models = new Map<string, Map<string, Entry>>();

	/** The adapter factory oidc-provider's `adapter` option expects. */
	readonly adapter = (model: string): Adapter => this.#adapterFor(model);

	/** Live payloads of one model (e.g. 'Grant', 'Session', 'RefreshToken'). */
	list(model: string): Array<[id: string, payload: AdapterPayload]> {
		const entries = this.#table(model);
		const now = Date.now();
		const live: Array<[string, AdapterPayload]> = [];
		for (const [id, entry] of entries) {
			if (entry.removeAt <= now) {
				entries.delete(id);
			} else {
				live.push([id, entry.payload]);
			}
		}

		return live;
	}

	#table(model: string): Map<string, Entry> {
		let table = this.#models.get(model);
		if (!table) {
			table = new Map();
			this.#models.set(model, table);
		}

		return table;
	}

	#adapterFor(model: string): Adapter {
		const table = this.#table(model);
		const get = (id: string): AdapterPayload | undefined => {
			const entry = table.get(id);
			if (entry && entry.removeAt <= Date.now()) {
				table.delete(id);
				return undefined;
			}

			return entry?.payload;
		};

		const findBy = (key: 'userCode' | 'uid', value: string): AdapterPayload | undefined =>
			this.list(model).find(([, payload]) => payload[key] === value)?.[1];

		return {
			async upsert(id, payload, expiresIn) {
				const lifetime = typeof expiresIn === 'number' ? expiresIn * 1000 : Number.POSITIVE_INFINITY;
				table.set(id, {payload, removeAt: Date.now() + lifetime + graceMilliseconds});
			},
			async find(id) {
				return get(id);
			},
			async findByUserCode(userCode) {
				return findBy('userCode', userCode);
			},
			async findByUid(uid) {
				return findBy('uid', uid);
			},
			async consume(id) {
				const payload = get(id);
				if (payload) {
					payload.consumed = Math.floor(Date.now() / 1000);
				}
			},
			async destroy(id) {
				table.delete(id);
			},
			async revokeByGrantId(grantId) {
				for (const [id, entry] of table) {
					if (entry.payload.grantId === grantId) {
						table.delete(id);
					}
				}
			},
		};
	}
}
