/**
 * Service calls never run during render: views start them here, in the background, and get
 * the outcome as state. Everything a view starts is aborted when it unmounts, and results
 * that arrive after that are dropped.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import {useLatest} from './use-latest.js';

export type AsyncState<T> =
	| {status: 'loading'; value?: T}
	| {status: 'done'; value: T}
	| {status: 'failed'; error: unknown; value?: T};

/** Runs `load` now and whenever `reload` is called; the previous value stays while reloading. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): AsyncState<T> & {reload: () => void} {
	const [state, setState] = useState<AsyncState<T>>({status: 'loading'});
	const [generation, setGeneration] = useState(0);
	const loadRef = useLatest(load);

	useEffect(() => {
		const controller = new AbortController();
		setState(previous => ({status: 'loading', value: previous.value}));
		loadRef.current(controller.signal).then(
			value => {
				if (!controller.signal.aborted) {
					setState({status: 'done', value});
				}
			},
			(error: unknown) => {
				if (!controller.signal.aborted) {
					setState(previous => ({status: 'failed', error, value: previous.value}));
				}
			},
		);
		return () => {
			controller.abort();
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [generation, ...deps]);

	const reload = useCallback(() => {
		setGeneration(value => value + 1);
	}, []);
	return {...state, reload};
}

/**
 * Returns `run(task)`: starts a task in the background with a signal that aborts on unmount.
 * A task's failure goes to `onError` (a notice), never up the tree.
 */
export function useBackground(onError: (error: unknown) => void): (task: (signal: AbortSignal) => Promise<void>) => void {
	const controllerRef = useRef<AbortController | undefined>(undefined);
	const onErrorRef = useLatest(onError);

	useEffect(() => {
		const controller = new AbortController();
		controllerRef.current = controller;
		return () => {
			controller.abort();
		};
	}, []);

	return useCallback((task: (signal: AbortSignal) => Promise<void>) => {
		const signal = controllerRef.current?.signal ?? AbortSignal.abort();
		if (signal.aborted) {
			return;
		}

		task(signal).catch((error: unknown) => {
			if (!signal.aborted) {
				onErrorRef.current(error);
			}
		});
	}, [onErrorRef]);
}
