import {once} from 'node:events';
import net from 'node:net';
import path from 'node:path';
import test from 'ava';
import {connectLocalSocket} from '../../source/system/local-socket.js';
import {makeTempDir} from '../helpers/temp-dirs.js';

async function listen(address: string, onConnection: (socket: net.Socket) => void): Promise<net.Server> {
	const server = net.createServer(onConnection);
	server.listen(address);
	await once(server, 'listening');
	return server;
}

function collect() {
	const received: Buffer[] = [];
	let ended = 0;
	let resolveEnd: () => void;
	const end = new Promise<void>(resolve => {
		resolveEnd = resolve;
	});
	return {
		events: {
			data(chunk: Uint8Array) {
				received.push(Buffer.from(chunk));
			},
			end() {
				ended++;
				resolveEnd();
			},
		},
		received: () => Buffer.concat(received),
		ended: () => ended,
		end,
	};
}

test('on this Node.js a local socket connects through Node\'s own handle: bytes go both ways and the peer\'s close is heard once', async t => {
	const socketPath = path.join(await makeTempDir('msid-socket-'), 'echo.sock');
	const server = await listen(socketPath, socket => {
		socket.once('data', data => {
			socket.end(Buffer.concat([Buffer.from('echo:'), data]));
		});
	});
	try {
		const seen = collect();
		// If a Node.js release changes the handle, this is where msid-env's fast keychain read is lost.
		const socket = connectLocalSocket(socketPath, seen.events, {});
		t.truthy(socket);
		socket!.write(Buffer.from([0, 1, 2, 0xFF]));
		await seen.end;
		t.deepEqual(seen.received(), Buffer.from([...Buffer.from('echo:'), 0, 1, 2, 0xFF]));
		socket!.close();
		t.is(seen.ended(), 1);
	} finally {
		server.close();
	}
});

test('a Linux abstract socket (a leading NUL) connects too', async t => {
	const name = `\0msid-test-${process.pid}-${Date.now()}`;
	const server = await listen(name, socket => {
		socket.end('hello');
	});
	try {
		const seen = collect();
		t.truthy(connectLocalSocket(name, seen.events, {}));
		await seen.end;
		t.is(seen.received().toString(), 'hello');
	} finally {
		server.close();
	}
});

test('a socket nobody listens on ends the connection, without an exception', async t => {
	const seen = collect();
	const socket = connectLocalSocket(path.join(await makeTempDir('msid-socket-'), 'nobody.sock'), seen.events, {});
	// The refusal comes with the connection's completion, as for net.Socket.
	t.truthy(socket);
	await seen.end;
	t.is(seen.ended(), 1);
	t.is(seen.received().length, 0);
});

test('after close() nothing more is heard, whatever the peer sends', async t => {
	const socketPath = path.join(await makeTempDir('msid-socket-'), 'late.sock');
	let connected: (socket: net.Socket) => void;
	const peer = new Promise<net.Socket>(resolve => {
		connected = resolve;
	});
	const server = await listen(socketPath, socket => {
		connected(socket);
	});
	try {
		const seen = collect();
		const socket = connectLocalSocket(socketPath, seen.events, {});
		t.truthy(socket);
		const other = await peer;
		socket!.close();
		// Our end is gone: the write may fail with EPIPE, which is the point.
		other.on('error', () => undefined);
		const closed = new Promise(resolve => other.on('close', resolve));
		other.end('too late');
		await closed;
		t.is(seen.received().length, 0);
		t.is(seen.ended(), 0);
	} finally {
		server.close();
	}
});

test('with pending deprecations on (which would print DEP0111) it offers no connection, and the caller reads another way', async t => {
	const socketPath = path.join(await makeTempDir('msid-socket-'), 'unused.sock');
	const seen = collect();
	t.is(connectLocalSocket(socketPath, seen.events, {NODE_PENDING_DEPRECATION: '1'}), undefined);
	t.is(connectLocalSocket(socketPath, seen.events, {NODE_OPTIONS: '--max-old-space-size=100 --pending-deprecation'}), undefined);
	t.is(connectLocalSocket(socketPath, seen.events, {NODE_OPTIONS: '--pending_deprecation'}), undefined);
	t.is(seen.ended(), 0);
});
