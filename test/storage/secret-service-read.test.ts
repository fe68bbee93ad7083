/**
 * msid's own Secret Service read (a plain session over the local bus socket): the conversation
 * against crafted replies, hostile ones included; then against the real gnome-keyring in a
 * private D-Bus session, reading what the keychain module wrote in another process.
 */
import net from 'node:net';
import path from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import test, {type ExecutionContext} from 'ava';
import {DbusReader, DbusWireError, DbusWriter, messageType, takeMessage} from '../../source/storage/dbus-wire.js';
import {busSilent, Conversation, localBus, plainReadTimeoutMs, readSecretPlain} from '../../source/storage/secret-service-read.js';
import {missingKeyringTools, startKeyringSession} from '../helpers/keyring-session.js';
import {makeTempDir} from '../helpers/temp-dirs.js';
import {testNeeding} from '../helpers/tool-gate.js';
import {runFixture} from './fixtures/run-fixture.js';

interface Reply {
	type?: number;
	replySerial: number;
	signature?: string;
	errorName?: string;
	body?: (writer: DbusWriter) => void;
}

let nextSerial = 100;

/** A message as the bus delivers it to msid: a reply, an error or a signal. */
function message({type = messageType.methodReturn, replySerial, signature, errorName, body}: Reply): Buffer {
	const bodyWriter = new DbusWriter();
	body?.(bodyWriter);
	const bodyBytes = bodyWriter.bytes();
	const header = new DbusWriter().byte(0x6C).byte(type).byte(1).byte(1).uint32(bodyBytes.length).uint32(nextSerial++);
	header.array(8, () => {
		header.align(8).byte(5).signature('u').uint32(replySerial);
		if (errorName) {
			header.align(8).byte(4).signature('s').string(errorName);
		}

		if (signature) {
			header.align(8).byte(8).signature('g').signature(signature);
		}
	});
	header.align(8);
	return Buffer.concat([header.bytes(), bodyBytes]);
}

const session = '/org/freedesktop/secrets/session/s7';
const item = '/org/freedesktop/secrets/collection/login/3';
const ok = Buffer.from('OK 0123456789abcdef0123456789abcdef\r\n');
const hello = message({replySerial: 1, signature: 's', body: writer => writer.string(':1.42')});
const nameAcquired = message({type: messageType.signal, replySerial: 0, signature: 's', body: writer => writer.string(':1.42')});
const opened = message({replySerial: 2, signature: 'vo', body: writer => writer.signature('s').string('').string(session)});
const found = (unlocked: string[], locked: string[] = []) => message({replySerial: 3, signature: 'aoao', body: writer => {
	for (const list of [unlocked, locked]) {
		writer.array(4, () => {
			for (const path of list) {
				writer.string(path);
			}
		});
	}
}});
const secret = (value: Uint8Array, parameters: Uint8Array = new Uint8Array()) => message({replySerial: 4, signature: '(oayays)', body: writer => {
	writer.align(8).string(session);
	for (const bytes of [parameters, value]) {
		writer.array(1, () => {
			for (const byte of bytes) {
				writer.byte(byte);
			}
		});
	}

	writer.string('text/plain');
}});

/** Feeds the bus's side to a conversation; returns what it asked for and how it ended. */
function converse(chunks: Buffer[]) {
	const conversation = new Conversation('msid', 'account-1/access-token/abc');
	const sent: Buffer[] = [];
	for (const chunk of chunks) {
		const step = conversation.receive(chunk);
		if (step.send) {
			sent.push(step.send);
		}

		if (step.done) {
			return {sent, done: true, secret: step.value};
		}
	}

	return {sent, done: false, secret: undefined};
}

const token = Buffer.from('eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJhcGkifQ.c2ln');

test('the conversation: authentication, Hello, OpenSession("plain") and SearchItems at once, then GetSecret for the one item', t => {
	const opening = new Conversation('msid', 'account-1/access-token/abc').opening(1000);
	const auth = '\0AUTH EXTERNAL 31303030\r\nBEGIN\r\n';
	t.is(Buffer.from(opening.subarray(0, auth.length)).toString('latin1'), auth);
	let rest: Uint8Array = opening.subarray(auth.length);
	const calls = [];
	let taken;
	while ((taken = takeMessage(rest))) {
		calls.push(taken.message);
		rest = rest.subarray(taken.length);
	}

	t.is(rest.length, 0);
	t.deepEqual(calls.map(call => call.signature), ['', 'sv', 'a{ss}']);
	const openSession = new DbusReader(calls[1]!.body);
	t.deepEqual([openSession.string(), openSession.signature(), openSession.string()], ['plain', 's', '']);
	const search = new DbusReader(calls[2]!.body);
	search.uint32();
	const attributes = [];
	while (!search.atEnd()) {
		search.align(8);
		attributes.push([search.string(), search.string()]);
	}

	t.deepEqual(attributes, [['service', 'msid'], ['username', 'account-1/access-token/abc']]);

	const outcome = converse([ok, hello, nameAcquired, opened, found([item]), secret(token)]);
	t.deepEqual(outcome, {sent: [outcome.sent[0]!], done: true, secret: token.toString()});
	const getSecret = takeMessage(outcome.sent[0]!)!.message;
	t.is(getSecret.signature, 'o');
	t.is(new DbusReader(getSecret.body).string(), session);
	t.true(Buffer.from(outcome.sent[0]!).includes(Buffer.from(item)));
	t.true(Buffer.from(outcome.sent[0]!).includes(Buffer.from('GetSecret')));
});

test('replies split anywhere, even byte by byte, read the same', t => {
	const whole = Buffer.concat([ok, hello, nameAcquired, opened, found([item]), secret(Buffer.from('abcdé€😀'))]);
	const bytes = [...whole].map(byte => Buffer.from([byte]));
	t.is(converse(bytes).secret, 'abcdé€😀');
});

test('no item, several, or a locked one: no answer here (the keychain module gives its own)', t => {
	for (const search of [found([]), found([item, `${item}0`]), found([], [item]), found([item], [`${item}0`])]) {
		t.deepEqual(converse([ok, hello, opened, search]), {sent: [], done: true, secret: undefined});
	}
});

test('a value a plain session would not send, or that is not UTF-8: no answer here', t => {
	t.is(converse([ok, hello, opened, found([item]), secret(token, new Uint8Array([1, 2]))]).secret, undefined);
	t.is(converse([ok, hello, opened, found([item]), secret(new Uint8Array([0x61, 0xC3, 0x28]))]).secret, undefined);
});

test('a refused authentication, an error, a reply of another shape or endless authentication text end the read', t => {
	t.throws(() => converse([Buffer.from('REJECTED EXTERNAL\r\n')]), {instanceOf: DbusWireError});
	const unknown = message({type: messageType.error, replySerial: 2, errorName: 'org.freedesktop.DBus.Error.ServiceUnknown', signature: 's', body: writer => writer.string('no keyring')});
	t.throws(() => converse([ok, hello, unknown]), {instanceOf: DbusWireError, message: /ServiceUnknown/});
	const otherShape = message({replySerial: 2, signature: 'vo', body: writer => writer.signature('u').uint32(1).string(session)});
	t.throws(() => converse([ok, hello, otherShape]), {instanceOf: DbusWireError});
	t.throws(() => converse([ok, hello, opened, message({replySerial: 3, signature: 'ao', body: writer => writer.array(4, () => undefined)})]), {instanceOf: DbusWireError});
	t.throws(() => converse([Buffer.alloc(600, 'A')]), {instanceOf: DbusWireError});
});

test('only the first address of the session bus, and only a local socket, is used', t => {
	t.deepEqual(localBus('unix:path=/run/user/1000/bus'), {socketPath: '/run/user/1000/bus'});
	t.deepEqual(localBus('unix:path=/tmp/dbus-x1,guid=72b977bf39278894de4448cd6b0f9ff0'), {socketPath: '/tmp/dbus-x1', guid: '72b977bf39278894de4448cd6b0f9ff0'});
	t.deepEqual(localBus('unix:abstract=/tmp/dbus-AbC,guid=1'), {socketPath: '\0/tmp/dbus-AbC', guid: '1'});
	t.deepEqual(localBus('unix:path=/tmp/with%20space'), {socketPath: '/tmp/with space'});
	t.deepEqual(localBus('unix:path=/run/user/1000/bus;tcp:host=example.com,port=1'), {socketPath: '/run/user/1000/bus'});
	for (const address of [undefined, '', 'tcp:host=127.0.0.1,port=5555', 'tcp:host=example.com,port=1;unix:path=/x', 'unix:runtime=yes', 'unixexec:path=/bin/sh', 'unix:path=/tmp/%zz']) {
		t.is(localBus(address), undefined, String(address));
	}
});

test('a server that answers with another id than the bus address names is not the bus: the read ends', t => {
	const withGuid = new Conversation('msid', 'a', '0123456789abcdef0123456789abcdef');
	t.deepEqual(withGuid.receive(ok), {});
	const other = new Conversation('msid', 'a', 'ffffffffffffffffffffffffffffffff');
	t.throws(() => other.receive(ok), {instanceOf: DbusWireError});
});

test('a bus at a TCP address is never spoken to in a plain session', async t => {
	let connections = 0;
	const server = net.createServer(socket => {
		connections++;
		socket.destroy();
	}).listen(0, '127.0.0.1');
	await new Promise(resolve => server.once('listening', resolve));
	try {
		const {port} = server.address() as net.AddressInfo;
		t.is(await readSecretPlain('msid', 'a', {address: `tcp:host=127.0.0.1,port=${port}`, uid: 1000}), undefined);
		t.is(connections, 0);
	} finally {
		server.close();
	}
});

/** The read is still waiting a moment before its time limit, and ends with no answer at it. */
async function noAnswerAtTheLimit(t: ExecutionContext, clock: FakeTimers.Clock, reading: Promise<string | undefined>, started: () => Promise<void> = async () => undefined) {
	const state: {settled: boolean; value?: string} = {settled: false};
	const done = reading.then(value => {
		Object.assign(state, {settled: true, value});
	});
	await started();
	await clock.tickAsync(plainReadTimeoutMs - 1);
	t.false(state.settled);
	await clock.tickAsync(1);
	await done;
	t.deepEqual(state, {settled: true, value: undefined});
}

test('a bus that never answers: no answer at the time limit, not a moment before', async t => {
	const socketPath = path.join(await makeTempDir('msid-bus-'), 'silent');
	const received: Buffer[] = [];
	const server = net.createServer(socket => socket.on('data', data => received.push(data))).listen(socketPath);
	await new Promise(resolve => server.once('listening', resolve));
	const clock = FakeTimers.createClock();
	try {
		await noAnswerAtTheLimit(t, clock, readSecretPlain('msid', 'a', {address: `unix:path=${socketPath}`, uid: 1000, timers: clock}), async () => {
			// The request reaches the bus, over real sockets, and the bus stays silent.
			while (received.length === 0) {
				await new Promise(resolve => setImmediate(resolve));
			}
		});
	} finally {
		server.close();
	}
});

/** A bus on a local socket that does what `answer` does with each connection. */
async function localServer(name: string, answer: (socket: net.Socket) => void): Promise<{address: string; server: net.Server}> {
	const socketPath = path.join(await makeTempDir('msid-bus-'), name);
	const server = net.createServer(answer).listen(socketPath);
	await new Promise(resolve => server.once('listening', resolve));
	return {address: `unix:path=${socketPath}`, server};
}

test('the bus check: a silent bus is silent at the limit and not a moment before; one that answers, refuses or hangs up is not', async t => {
	const silent = await localServer('silent', () => undefined);
	const answering = await localServer('answering', socket => {
		socket.once('data', () => socket.write(Buffer.concat([ok, hello])));
	});
	const refusing = await localServer('refusing', socket => {
		socket.once('data', () => socket.write('REJECTED EXTERNAL\r\n'));
	});
	const rude = await localServer('rude', socket => socket.destroy());
	try {
		const clock = FakeTimers.createClock();
		const state: {settled: boolean; value?: boolean} = {settled: false};
		const checking = busSilent({address: silent.address, uid: 1000, timeoutMs: 4000, timers: clock}).then(value => {
			Object.assign(state, {settled: true, value});
		});
		await clock.tickAsync(3999);
		t.false(state.settled);
		await clock.tickAsync(1);
		await checking;
		t.deepEqual(state, {settled: true, value: true});

		for (const {address} of [answering, refusing, rude]) {
			t.false(await busSilent({address, uid: 1000, timeoutMs: 4000, timers: FakeTimers.createClock()}), address);
		}

		t.false(await busSilent({address: 'tcp:host=127.0.0.1,port=9', uid: 1000}), 'a bus this client does not speak to is not checked');
	} finally {
		for (const {server} of [silent, answering, refusing, rude]) {
			server.close();
		}
	}
});

test('a bus that hangs up at once: no answer, at once', async t => {
	const socketPath = path.join(await makeTempDir('msid-bus-'), 'rude');
	const server = net.createServer(socket => socket.destroy()).listen(socketPath);
	await new Promise(resolve => server.once('listening', resolve));
	const clock = FakeTimers.createClock();
	try {
		t.is(await readSecretPlain('msid', 'a', {address: `unix:path=${socketPath}`, uid: 1000, timers: clock}), undefined);
		t.is(clock.now, 0);
	} finally {
		server.close();
	}
});

const real = testNeeding(missingKeyringTools());
const uid = process.getuid!();

/** The value keyring-worker.ts stores for a length. */
function workerValue(length: number): string {
	const characters = [...'abcdé€😀'];
	return Array.from({length}, (_, index) => characters[index % characters.length]).join('');
}

real('against gnome-keyring: what the keychain module wrote in another process reads back whole, and an absent entry gets no answer here', async t => {
	const keyring = await startKeyringSession();
	try {
		const env = {...process.env, ...keyring.env, MSID_KEYCHAIN_SERVICE: 'msid-test-plain'};
		for (const [key, length] of [['token', 1400], ['long', 7000]] as const) {
			const stored = await runFixture('keyring-worker', ['set', key, String(length)], {env});
			t.is(stored.stdout.trim(), '{"stored":true}', stored.stderr);
			t.is(await readSecretPlain('msid-test-plain', key, {address: keyring.env.DBUS_SESSION_BUS_ADDRESS, uid}), workerValue(length));
		}

		t.is(await readSecretPlain('msid-test-plain', 'absent', {address: keyring.env.DBUS_SESSION_BUS_ADDRESS, uid}), undefined);
		t.is(await readSecretPlain('msid-test-other', 'token', {address: keyring.env.DBUS_SESSION_BUS_ADDRESS, uid}), undefined);

		await keyring.lockKeyring();
		t.is(await readSecretPlain('msid-test-plain', 'token', {address: keyring.env.DBUS_SESSION_BUS_ADDRESS, uid}), undefined);
	} finally {
		await keyring.stop();
	}
});

real('against a gnome-keyring that has stopped answering: no answer at the time limit', async t => {
	const keyring = await startKeyringSession();
	try {
		const env = {...process.env, ...keyring.env, MSID_KEYCHAIN_SERVICE: 'msid-test-plain'};
		t.is((await runFixture('keyring-worker', ['set', 'token', '100'], {env})).stdout.trim(), '{"stored":true}');
		await keyring.signalDaemon('SIGSTOP');
		const clock = FakeTimers.createClock();
		await noAnswerAtTheLimit(t, clock, readSecretPlain('msid-test-plain', 'token', {address: keyring.env.DBUS_SESSION_BUS_ADDRESS, uid, timers: clock}));
	} finally {
		await keyring.signalDaemon('SIGCONT');
		await keyring.stop();
	}
});
