/**
 * Whether the secret store answers, asked once per dashboard: MSID_STORE picks the keychain by
 * default, but a machine without a Secret Service, or with a locked one, has none in use.
 */
import {useEffect, useState} from 'react';
import type {Services, StoreCheck} from '../../model/services.js';
import {useServices} from './use-services.js';

const checks = new WeakMap<Services, {promise: Promise<StoreCheck>; result?: StoreCheck}>();

function checkOnce(services: Services): {promise: Promise<StoreCheck>; result?: StoreCheck} {
	let entry = checks.get(services);
	if (!entry) {
		const created: {promise: Promise<StoreCheck>; result?: StoreCheck} = {
			promise: (services.checkStore?.() ?? Promise.resolve({ok: true} as const)).catch((error: unknown) => ({ok: false, error}) as const),
		};
		void created.promise.then(result => {
			created.result = result;
		});
		checks.set(services, created);
		entry = created;
	}

	return entry;
}

/** undefined until the store has answered. */
export function useStoreCheck(): StoreCheck | undefined {
	const services = useServices();
	const entry = checkOnce(services);
	const [result, setResult] = useState(entry.result);
	useEffect(() => {
		let live = true;
		void entry.promise.then(answer => {
			if (live) {
				setResult(answer);
			}
		});
		return () => {
			live = false;
		};
	}, [entry]);
	return result;
}
