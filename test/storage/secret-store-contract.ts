/**
 * The behaviour every SecretStore shares, as ava tests. A test file calls
 * secretStoreContract('memory', makeHarness) and gets the whole suite for that store.
 */
import {randomBytes} from 'node:crypto';
import test, {type ExecutionContext} from 'ava';
import type {SecretStore} from '../../source/storage/secret-store.js';

export interface StoreHarness {
	/** A store for the given service name; stores of one harness share the backing storage. */
	open(service: string): SecretStore;
	/** Every entry name the backing storage holds for the service, parts included. */
	rawNames(service: string): Promise<string[]>;
}

const sorted = (names: string[]) => [...names].sort();

/** 10,000 bytes with multi-byte characters (2, 3 and 4 UTF-8 bytes; a surrogate pair) at every likely cut. */
function awkwardLongValue(): string {
	let value = '';
	const pieces = ['a', 'é', '€', '😀'];
	for (let index = 0; Buffer.byteLength(value) < 9990; index++) {
		value += pieces[index % 7 === 0 ? (index / 7) % pieces.length : 0];
	}

	return value;
}

export function secretStoreContract(name: string, makeHarness: () => Promise<StoreHarness>): void {
	const contract = (title: string, body: (t: ExecutionContext, harness: StoreHarness, service: string) => Promise<void>) => {
		test(`${name} store: ${title}`, async t => {
			await body(t, await makeHarness(), `msid-test-${randomBytes(4).toString('hex')}`);
		});
	};

	contract('a missing key reads as undefined and deleting it resolves false', async (t, harness, service) => {
		const store = harness.open(service);
		t.is(await store.get('nothing/here'), undefined);
		t.is(await store.delete('nothing/here'), false);
		t.deepEqual(await store.keys(), []);
	});

	contract('set, get, overwrite and delete', async (t, harness, service) => {
		const store = harness.open(service);
		await store.set('account/refresh-token', 'first');
		t.is(await store.get('account/refresh-token'), 'first');
		await store.set('account/refresh-token', 'second');
		t.is(await store.get('account/refresh-token'), 'second');
		t.is(await store.delete('account/refresh-token'), true);
		t.is(await store.get('account/refresh-token'), undefined);
		t.deepEqual(await store.keys(), []);
	});

	contract('keys lists every whole key', async (t, harness, service) => {
		const store = harness.open(service);
		await store.set('a/refresh-token', 'one');
		await store.set('a/access-token/k1', 'x'.repeat(6000));
		await store.set('b/client-secret', 'three');
		t.deepEqual(sorted(await store.keys()), ['a/access-token/k1', 'a/refresh-token', 'b/client-secret']);
	});

	contract('a 10,000-byte value round-trips exactly', async (t, harness, service) => {
		const store = harness.open(service);
		const value = randomBytes(5000).toString('hex');
		await store.set('long', value);
		t.is(await store.get('long'), value);
	});

	contract('multi-byte characters across part boundaries round-trip exactly', async (t, harness, service) => {
		const store = harness.open(service);
		const value = awkwardLongValue();
		await store.set('unicode', value);
		t.is(await store.get('unicode'), value);
		const edges = 'a'.repeat(1199) + '😀' + 'a'.repeat(797) + '€€' + '😀'.repeat(600);
		await store.set('edges', edges);
		t.is(await store.get('edges'), edges);
	});

	contract('replacing a long value with a short one leaves no parts behind', async (t, harness, service) => {
		const store = harness.open(service);
		await store.set('token', 'y'.repeat(9000));
		await store.set('token', 'z'.repeat(7000));
		await store.set('token', 'short');
		t.is(await store.get('token'), 'short');
		t.deepEqual(await harness.rawNames(service), ['token']);
		t.deepEqual(await store.keys(), ['token']);
	});

	contract('replacing a long value with another long one keeps only the new parts', async (t, harness, service) => {
		const store = harness.open(service);
		await store.set('token', 'y'.repeat(9000));
		const afterFirst = (await harness.rawNames(service)).length;
		await store.set('token', 'z'.repeat(9000));
		t.is(await store.get('token'), 'z'.repeat(9000));
		t.is((await harness.rawNames(service)).length, afterFirst);
	});

	contract('deleting a long value removes all of it', async (t, harness, service) => {
		const store = harness.open(service);
		await store.set('token', 'w'.repeat(9000));
		t.is(await store.delete('token'), true);
		t.deepEqual(await harness.rawNames(service), []);
		t.is(await store.get('token'), undefined);
	});

	contract('values that look like the split format are stored faithfully', async (t, harness, service) => {
		const store = harness.open(service);
		const lookalike = 'msid-chunked:1:0123456789ab:2:10';
		await store.set('odd', lookalike);
		t.is(await store.get('odd'), lookalike);
		await store.set('empty', '');
		t.is(await store.get('empty'), '');
	});

	contract('keys are isolated per service name', async (t, harness, service) => {
		const mine = harness.open(service);
		const theirs = harness.open(`${service}-other`);
		await mine.set('shared/name', 'mine');
		t.is(await theirs.get('shared/name'), undefined);
		t.deepEqual(await theirs.keys(), []);
		await theirs.set('shared/name', 'theirs');
		t.is(await mine.get('shared/name'), 'mine');
		t.is(await theirs.delete('shared/name'), true);
		t.is(await mine.get('shared/name'), 'mine');
	});
}
