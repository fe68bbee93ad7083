import test from 'ava';
import type {Key} from 'ink';
import {KeyRouter} from '../../source/ui/key-router.js';

const key = {} as Key;

test('keys wait while no screen is attached and reach the next one in order', t => {
	const router = new KeyRouter();
	const seen: string[] = [];
	router.press('a', key);
	router.press('b', key);
	router.attach(input => seen.push(`first:${input}`));
	router.press('c', key);
	router.leave();
	router.press('d', key);
	router.attach(input => seen.push(`second:${input}`));
	t.deepEqual(seen, ['first:a', 'first:b', 'first:c', 'second:d']);
});

test('a screen that navigates while taking waiting keys gets none after that', t => {
	const router = new KeyRouter();
	const seen: string[] = [];
	for (const input of ['x', 'go', 'y', 'z']) {
		router.press(input, key);
	}

	router.attach(input => {
		seen.push(`list:${input}`);
		if (input === 'go') {
			router.leave();
		}
	});
	router.attach(input => seen.push(`form:${input}`));
	t.deepEqual(seen, ['list:x', 'list:go', 'form:y', 'form:z']);
});

test('detaching a screen that is no longer current leaves the current one attached', t => {
	const router = new KeyRouter();
	const seen: string[] = [];
	const detachOld = router.attach(input => seen.push(`old:${input}`));
	router.leave();
	router.attach(input => seen.push(`new:${input}`));
	detachOld();
	router.press('k', key);
	t.deepEqual(seen, ['new:k']);
});
