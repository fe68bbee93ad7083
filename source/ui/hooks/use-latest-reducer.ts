/**
 * useReducer whose current state can also be read synchronously through a ref. Keys can arrive
 * faster than React re-renders (typing ahead, key repeat, a paste): a handler that read the
 * state of its last render would act on a stale selection or mode. Reading the ref, it sees
 * every action dispatched so far.
 */
import {useCallback, useRef, useState, type RefObject} from 'react';

export function useLatestReducer<S, A>(reducer: (state: S, action: A) => S, initial: () => S): [S, (action: A) => void, RefObject<S>] {
	const ref = useRef<S | undefined>(undefined);
	if (ref.current === undefined) {
		ref.current = initial();
	}

	const [state, setState] = useState<S>(ref.current);
	const reducerRef = useRef(reducer);
	reducerRef.current = reducer;
	const dispatch = useCallback((action: A) => {
		ref.current = reducerRef.current(ref.current as S, action);
		setState(ref.current);
	}, []);
	return [state, dispatch, ref as RefObject<S>];
}
