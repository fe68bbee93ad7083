/**
 * A client connection to a local (Unix-domain) socket on Node's own socket handle, without
 * node:net.
 *
 * Why: msid-env reads one keychain entry before a prompt, and on Linux that is a short D-Bus
 * conversation over a local socket (secret-service-read.ts). Loading node:net and its streams
 * took 4 to 5 ms here and its first connection 2 to 3 ms more: as long as all the rest of
 * msid-env's own work. The handle under net.Socket (the `pipe_wrap` binding that
 * `process.binding` still offers) connects, reads and writes in a fraction of a millisecond.
 *
 * That binding is Node's internal interface, deprecated for public use (DEP0111). So it is used
 * only as net.js itself uses it, each piece is checked for its expected shape first, and when
 * anything differs (another Node.js, the permission model, --pending-deprecation, which would
 * print a warning) connectLocalSocket answers undefined and the caller reads through the
 * keychain module instead. test/system/local-socket.test.ts checks, on the Node.js in use,
 * that this path is taken, so a Node.js that changes it is noticed rather than silently slower.
 */

export interface LocalSocketEvents {
	/** Bytes received: a copy the receiver may keep. */
	data(chunk: Uint8Array): void;
	/** The connection could not be made, failed, or the peer closed it. Called at most once, and never after close(). */
	end(): void;
}

export interface LocalSocket {
	write(bytes: Buffer): void;
	/** Closes the connection; no event follows. */
	close(): void;
}

interface StreamHandle {
	connect(request: object, path: string): number;
	readStart(): number;
	writeBuffer(request: object, bytes: Buffer): number;
	close(): void;
	onread: ((this: StreamHandle, buffer: ArrayBuffer | undefined) => void) | undefined;
}

interface Bindings {
	Pipe: new (type: number) => StreamHandle;
	PipeConnectWrap: new () => {oncomplete?: (status: number) => void};
	pipeSocketType: number;
	WriteWrap: new () => {handle?: StreamHandle; async?: boolean; buffer?: Buffer};
	streamBaseState: Int32Array;
	kReadBytesOrError: number;
	kArrayBufferOffset: number;
}

let bindings: Bindings | null | undefined;

/**
 * Opens a connection to `path` (a leading NUL names a Linux abstract socket). Undefined where this
 * runtime offers no such handle, or when the connection cannot even be started.
 */
export function connectLocalSocket(path: string, events: LocalSocketEvents, env: NodeJS.ProcessEnv = process.env): LocalSocket | undefined {
	// With pending deprecations on, process.binding() prints DEP0111 to the user's terminal.
	const found = pendingDeprecation(env) ? undefined : socketBindings();
	if (!found) {
		return undefined;
	}

	let open = true;
	const handle = new found.Pipe(found.pipeSocketType);
	const finish = () => {
		if (open) {
			open = false;
			handle.close();
			events.end();
		}
	};

	handle.onread = function (buffer) {
		const count = found.streamBaseState[found.kReadBytesOrError]!;
		if (!open) {
			return;
		}

		if (count > 0 && buffer) {
			events.data(new Uint8Array(buffer, found.streamBaseState[found.kArrayBufferOffset]!, count).slice());
		} else if (count < 0) {
			finish();
		}
	};

	const connecting = new found.PipeConnectWrap();
	connecting.oncomplete = status => {
		if (open && (status < 0 || handle.readStart() < 0)) {
			finish();
		}
	};

	if (handle.connect(connecting, path) < 0) {
		open = false;
		handle.close();
		return undefined;
	}

	return {
		write(bytes) {
			if (!open) {
				return;
			}

			// As net.js does: the handle keeps the request alive until the write completes (a write
			// made while connecting waits in libuv's queue), and the request keeps the bytes.
			const request = new found.WriteWrap();
			request.handle = handle;
			request.async = false;
			request.buffer = bytes;
			if (handle.writeBuffer(request, bytes) < 0) {
				finish();
			}
		},
		close() {
			if (open) {
				open = false;
				handle.close();
			}
		},
	};
}

function socketBindings(): Bindings | undefined {
	if (bindings !== undefined) {
		return bindings ?? undefined;
	}

	bindings = null;
	const binding = (process as unknown as {binding?: (name: string) => unknown}).binding;
	if (typeof binding !== 'function') {
		return undefined;
	}

	try {
		const pipe = binding.call(process, 'pipe_wrap') as Record<string, unknown>;
		const stream = binding.call(process, 'stream_wrap') as Record<string, unknown>;
		const constants = pipe['constants'] as Record<string, unknown> | undefined;
		const found = {
			Pipe: pipe['Pipe'],
			PipeConnectWrap: pipe['PipeConnectWrap'],
			pipeSocketType: constants?.['SOCKET'],
			WriteWrap: stream['WriteWrap'],
			streamBaseState: stream['streamBaseState'],
			kReadBytesOrError: stream['kReadBytesOrError'],
			kArrayBufferOffset: stream['kArrayBufferOffset'],
		};
		const prototype = (found.Pipe as {prototype?: Record<string, unknown>} | undefined)?.prototype;
		if (typeof found.Pipe === 'function' && typeof found.PipeConnectWrap === 'function' && typeof found.WriteWrap === 'function'
			&& typeof found.pipeSocketType === 'number' && found.streamBaseState instanceof Int32Array
			&& [found.kReadBytesOrError, found.kArrayBufferOffset].every(index => typeof index === 'number')
			&& ['connect', 'readStart', 'writeBuffer', 'close'].every(name => typeof prototype?.[name] === 'function')) {
			bindings = found as Bindings;
		}
	} catch {
		// The permission model, or a Node.js without these bindings: the caller's other way.
	}

	return bindings ?? undefined;
}

function pendingDeprecation(env: NodeJS.ProcessEnv): boolean {
	const flag = /(?:^|\s)--pending[-_]deprecation(?:\s|=|$)/;
	return env['NODE_PENDING_DEPRECATION'] === '1' || process.execArgv.some(argument => flag.test(argument)) || flag.test(env['NODE_OPTIONS'] ?? '');
}
