import test from 'ava';
import {ChunkedStore, type EntryStore, isPartName, splitIntoParts, windowsPartLimits} from '../../source/storage/chunked.js';
import {MsidError} from '../../source/model/errors.js';

/** A Map-backed entry store that logs every call, with an optional hook before each get. */
function recordingEntries(beforeGet?: (name: string) => Promise<void>) {
	const entries = new Map<string, string>();
	const log: string[] = [];
	const store: EntryStore = {
		async get(name) {
			await beforeGet?.(name);
			return entries.get(name);
		},
		async set(name, value) {
			log.push(`set ${isPartName(name) ? 'part' : 'head'} ${name}`);
			entries.set(name, value);
		},
		async delete(name) {
			log.push(`delete ${isPartName(name) ? 'part' : 'head'} ${name}`);
			return entries.delete(name);
		},
		names: async () => [...entries.keys()],
	};
	return {entries, log, store};
}

test('parts stay within both limits and never split a character', t => {
	const value = ('a'.repeat(1197) + '😀€é').repeat(12);
	const parts = splitIntoParts(value);
	t.is(parts.join(''), value);
	t.true(parts.length > 1);
	for (const part of parts) {
		t.true(Buffer.byteLength(part) <= windowsPartLimits.utf8Bytes);
		t.true(part.length <= windowsPartLimits.utf16Units);
		t.is(Buffer.from(part, 'utf8').toString('utf8'), part, 'no half surrogate pair or partial UTF-8 sequence');
	}
});

test('a value within the limits is one part; 2,000 three-byte characters are split by bytes', t => {
	t.deepEqual(splitIntoParts('short'), ['short']);
	const parts = splitIntoParts('€'.repeat(2000));
	t.deepEqual(parts.map(part => Buffer.byteLength(part)), [1998, 1998, 1998, 6]);
});

test('a write puts new parts first, then the head, then deletes the old parts', async t => {
	const {log, store} = recordingEntries();
	const chunked = new ChunkedStore(store, 'memory', windowsPartLimits);
	await chunked.set('k', 'a'.repeat(3000));
	log.length = 0;
	await chunked.set('k', 'b'.repeat(3000));
	t.deepEqual(log.map(line => line.split(' ').slice(0, 2).join(' ')), [
		'set part', 'set part', 'set part', 'set head', 'delete part', 'delete part', 'delete part',
	]);
	const generation = (line: string) => line.split(':')[1];
	t.not(generation(log[0]!), generation(log[4]!), 'the new parts have a fresh generation');
});

test('a delete removes the head first, then its parts, so no reader meets a head without parts', async t => {
	const {log, store, entries} = recordingEntries();
	const chunked = new ChunkedStore(store, 'memory', windowsPartLimits);
	await chunked.set('k', 'a'.repeat(3000));
	log.length = 0;
	t.true(await chunked.delete('k'));
	t.deepEqual(log.map(line => line.split(' ').slice(0, 2).join(' ')), ['delete head', 'delete part', 'delete part', 'delete part']);
	t.deepEqual([...entries.keys()], []);
});

test('a reader racing a writer gets the old or the new value, never a mix', async t => {
	let writer: (() => Promise<void>) | undefined;
	const {store} = recordingEntries(async name => {
		if (isPartName(name) && writer) {
			const write = writer;
			writer = undefined;
			await write(); // The whole replacement happens after the reader saw the old head.
		}
	});
	const chunked = new ChunkedStore(store, 'memory', windowsPartLimits);
	await chunked.set('k', 'o'.repeat(5000));
	writer = async () => chunked.set('k', 'n'.repeat(5000));
	t.is(await chunked.get('k'), 'n'.repeat(5000));
});

test('a head whose parts are gone is reported, without the value', async t => {
	const {entries, store} = recordingEntries();
	const chunked = new ChunkedStore(store, 'memory', windowsPartLimits);
	await chunked.set('k', 's'.repeat(5000));
	const part = [...entries.keys()].find(name => isPartName(name))!;
	entries.delete(part);
	const error = await t.throwsAsync(chunked.get('k'), {instanceOf: MsidError});
	t.is(error?.code, 'secret-incomplete');
	t.notRegex(error?.message ?? '', /sss/);
});

test('delete sweeps parts left by an interrupted write', async t => {
	const {entries, store} = recordingEntries();
	const chunked = new ChunkedStore(store, 'memory', windowsPartLimits);
	entries.set('k#part:0123456789ab:0', 'orphan');
	await chunked.set('k', 'value');
	t.true(await chunked.delete('k'));
	t.deepEqual([...entries.keys()], []);
});

test('keys that look like parts are refused', async t => {
	const chunked = new ChunkedStore(recordingEntries().store, 'memory', windowsPartLimits);
	await t.throwsAsync(chunked.set('k#part:0123456789ab:0', 'x'), {instanceOf: TypeError});
	await t.throwsAsync(chunked.set('', 'x'), {instanceOf: TypeError});
});

test('without limits a long value is one entry, and a split value written before is read and replaced', async t => {
	const {entries, store} = recordingEntries();
	await new ChunkedStore(store, 'memory', windowsPartLimits).set('k', 'o'.repeat(5000));
	t.true(entries.size > 1);
	const whole = new ChunkedStore(store, 'memory', undefined);
	t.is(await whole.get('k'), 'o'.repeat(5000));
	await whole.set('k', 'n'.repeat(50_000));
	t.deepEqual([...entries], [['k', 'n'.repeat(50_000)]]);
});

test('without limits a value that looks like a head is still stored so that it reads back as itself', async t => {
	const {entries, store} = recordingEntries();
	const whole = new ChunkedStore(store, 'memory', undefined);
	const lookalike = 'msid-chunked:1:0123456789ab:1:5';
	await whole.set('k', lookalike);
	t.not(entries.get('k'), lookalike);
	t.is(await whole.get('k'), lookalike);
});
