/**
 * useReducer whose current state can also be read synchronously through a ref. Keys can arrive
 * faster than React re-renders (typing ahead, key repeat, a paste): a handler that read the
 * state of its last render would act on a stale selection or mode. Reading the ref, it sees
 * every action dispatched so far.
 */
import {useCallback, useRef, useState, type RefObject} from 'react';
import {useLatest} from './use-latest.js';

export function useLatestReducer<S, A>(reducer: (state: S, action: A) => S, initial: () => S): [S, (action: A) => void, RefObject<S>] {
	const [state, setState] = useState<S>(initial);
	const ref = useRef<S>(state);
	const reducerRef = useLatest(reducer);
	const dispatch = useCallback((action: A) => {
		ref.current = reducerRef.current(ref.current, action);
		setState(ref.current);
	}, [reducerRef]);
	return [state, dispatch, ref as RefObject<S>];
}
