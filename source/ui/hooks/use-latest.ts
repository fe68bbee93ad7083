/**
 * The latest value of a prop or callback, for handlers and effects that must not start again
 * when it changes. The ref is written after each commit (a layout effect runs before any
 * other effect or key handler), never during render, as React's rules of refs require.
 */
import {useLayoutEffect, useRef, type RefObject} from 'react';

export function useLatest<T>(value: T): RefObject<T> {
	const ref = useRef(value);
	useLayoutEffect(() => {
		ref.current = value;
	});
	return ref;
}
