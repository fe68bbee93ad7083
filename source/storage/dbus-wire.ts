/**
 * The little of the D-Bus wire format (https://dbus.freedesktop.org/doc/dbus-specification.html)
 * that reading one Secret Service item needs: method calls out, replies and errors in, in
 * little-endian byte order. Reading checks every length against the bytes at hand and throws
 * DbusWireError on anything it does not expect, so a confused or hostile peer ends the read
 * instead of steering it.
 *
 * Numbers are written and read byte by byte in plain JavaScript rather than through Buffer's
 * methods: msid-env runs this once per start, when Node has compiled none of Buffer's helpers
 * yet, and compiling them took longer than the conversation itself.
 */

export class DbusWireError extends Error {}

/** Message types (the second header byte). */
export const messageType = {methodCall: 1, methodReturn: 2, error: 3, signal: 4} as const;

/** Writes messages one after another; each method aligns as the type's marshalling requires, counting from the current message's start. */
export class DbusWriter {
	private buffer = new Uint8Array(512);
	private length = 0;
	private messageStart = 0;

	/** Bytes that are no message (the authentication lines before the first). */
	raw(text: string): this {
		return this.put(utf8(text));
	}

	byte(value: number): this {
		this.reserve(1);
		this.buffer[this.length++] = value;
		return this;
	}

	uint32(value: number): this {
		this.align(4);
		this.reserve(4);
		this.put32(this.length, value);
		this.length += 4;
		return this;
	}

	/** A string or an object path (the same bytes on the wire). */
	string(value: string): this {
		const bytes = utf8(value);
		return this.uint32(bytes.length).terminated(bytes);
	}

	signature(value: string): this {
		const bytes = utf8(value);
		return this.byte(bytes.length).terminated(bytes);
	}

	/** An array whose elements start aligned to `elementAlignment` (8 for structs and dict entries). */
	array(elementAlignment: number, writeElements: () => void): this {
		this.uint32(0);
		const lengthAt = this.length - 4;
		this.align(elementAlignment);
		const start = this.length;
		writeElements();
		this.put32(lengthAt, this.length - start);
		return this;
	}

	align(alignment: number): this {
		const offset = this.length - this.messageStart;
		const padded = this.messageStart + (Math.ceil(offset / alignment) * alignment);
		this.reserve(padded - this.length);
		this.buffer.fill(0, this.length, padded);
		this.length = padded;
		return this;
	}

	methodCall(call: MethodCall): this {
		this.messageStart = this.length;
		this.byte(0x6C).byte(messageType.methodCall).byte(0).byte(1);
		const bodyLengthAt = this.length;
		this.uint32(0).uint32(call.serial);
		this.array(8, () => {
			const field = (code: number, type: string, write: () => void) => {
				this.align(8).byte(code).signature(type);
				write();
			};

			// In libdbus's order, so that a call reads as the keychain module's own would.
			field(1, 'o', () => this.string(call.path));
			field(6, 's', () => this.string(call.destination));
			field(2, 's', () => this.string(call.interface));
			field(3, 's', () => this.string(call.member));
			if (call.signature) {
				field(8, 'g', () => this.signature(call.signature!));
			}
		});
		this.align(8);
		const bodyStart = this.length;
		call.body?.(this);
		this.put32(bodyLengthAt, this.length - bodyStart);
		return this;
	}

	bytes(): Buffer {
		return Buffer.from(this.buffer.buffer, 0, this.length);
	}

	/** The bytes and a NUL after them. */
	private terminated(bytes: Uint8Array): this {
		return this.put(bytes).byte(0);
	}

	private put(bytes: Uint8Array): this {
		this.reserve(bytes.length);
		this.buffer.set(bytes, this.length);
		this.length += bytes.length;
		return this;
	}

	private put32(at: number, value: number): void {
		this.buffer[at] = value & 0xFF;
		this.buffer[at + 1] = (value >>> 8) & 0xFF;
		this.buffer[at + 2] = (value >>> 16) & 0xFF;
		this.buffer[at + 3] = (value >>> 24) & 0xFF;
	}

	private reserve(count: number): void {
		if (this.length + count > this.buffer.length) {
			const larger = new Uint8Array(Math.max(this.buffer.length * 2, this.length + count));
			larger.set(this.buffer.subarray(0, this.length));
			this.buffer = larger;
		}
	}
}

export interface MethodCall {
	serial: number;
	destination: string;
	path: string;
	interface: string;
	member: string;
	signature?: string;
	body?: (writer: DbusWriter) => void;
}

/** A body reader over one message's body; alignment counts from the body's start. */
export class DbusReader {
	private offset = 0;

	constructor(private readonly buffer: Uint8Array) {}

	byte(): number {
		this.need(1);
		return this.buffer[this.offset++]!;
	}

	uint32(): number {
		this.align(4);
		this.need(4);
		const value = uint32At(this.buffer, this.offset);
		this.offset += 4;
		return value;
	}

	string(): string {
		return this.terminated(this.uint32());
	}

	signature(): string {
		return this.terminated(this.byte());
	}

	/** An array of bytes (ay), as a copy: the caller may keep it after the buffer is reused. */
	byteArray(): Uint8Array {
		const length = this.uint32();
		this.need(length);
		// Not slice(): on a Buffer that is a view of the same memory, not a copy.
		const value = new Uint8Array(length);
		value.set(this.buffer.subarray(this.offset, this.offset + length));
		this.offset += length;
		return value;
	}

	/** An array of strings or object paths (as, ao). */
	strings(): string[] {
		const length = this.uint32();
		this.need(length);
		const end = this.offset + length;
		const values: string[] = [];
		while (this.offset < end) {
			values.push(this.string());
		}

		if (this.offset !== end) {
			throw new DbusWireError('an array runs past its length');
		}

		return values;
	}

	align(alignment: number): void {
		const padded = Math.ceil(this.offset / alignment) * alignment;
		this.need(padded - this.offset);
		this.offset = padded;
	}

	atEnd(): boolean {
		return this.offset >= this.buffer.length;
	}

	/** `length` bytes of text and the NUL after them. */
	private terminated(length: number): string {
		this.need(length + 1);
		const value = text(this.buffer.subarray(this.offset, this.offset + length));
		this.offset += length + 1;
		return value;
	}

	private need(count: number): void {
		if (count < 0 || this.offset + count > this.buffer.length) {
			throw new DbusWireError('a value runs past the end of its message');
		}
	}
}

export interface DbusMessage {
	type: number;
	replySerial?: number;
	errorName?: string;
	signature: string;
	body: Uint8Array;
}

/** The largest message msid reads: a secret is a few kilobytes; the protocol allows 128 MiB. */
export const largestMessage = 4 * 1024 * 1024;

/** The first whole message in `buffer` and how many bytes it took, or undefined while it is incomplete. */
export function takeMessage(buffer: Uint8Array): {message: DbusMessage; length: number} | undefined {
	if (buffer.length < 16) {
		return undefined;
	}

	if (buffer[0] !== 0x6C || buffer[3] !== 1) {
		throw new DbusWireError('not a little-endian D-Bus 1 message');
	}

	const bodyLength = uint32At(buffer, 4);
	const fieldsLength = uint32At(buffer, 12);
	const bodyStart = Math.ceil((16 + fieldsLength) / 8) * 8;
	if (bodyStart + bodyLength > largestMessage) {
		throw new DbusWireError('a message larger than any reply msid expects');
	}

	if (buffer.length < bodyStart + bodyLength) {
		return undefined;
	}

	// Header fields are an array of (byte, variant) structs; the reader's offsets count from the
	// message's start there, so its 8-byte alignment is the message's.
	const header = new DbusReader(buffer.subarray(0, 16 + fieldsLength));
	for (let skip = 0; skip < 4; skip++) {
		header.uint32();
	}

	const message: DbusMessage = {type: buffer[1]!, signature: '', body: buffer.subarray(bodyStart, bodyStart + bodyLength)};
	while (!header.atEnd()) {
		header.align(8);
		const code = header.byte();
		const type = header.signature();
		const value = type === 'u' ? header.uint32() : type === 'g' ? header.signature() : type === 's' || type === 'o' ? header.string() : undefined;
		if (value === undefined) {
			throw new DbusWireError(`a header field of type ${JSON.stringify(type)}`);
		}

		if (code === 5 && typeof value === 'number') {
			message.replySerial = value;
		} else if (code === 4 && typeof value === 'string') {
			message.errorName = value;
		} else if (code === 8 && typeof value === 'string') {
			message.signature = value;
		}
	}

	return {message, length: bodyStart + bodyLength};
}

function uint32At(buffer: Uint8Array, at: number): number {
	return (buffer[at]! | (buffer[at + 1]! << 8) | (buffer[at + 2]! << 16) | (buffer[at + 3]! << 24)) >>> 0;
}

// The platform's own codec, as dir-config.ts uses it, made at first use: most commands never
// read this way. ignoreBOM: a leading U+FEFF is part of the value, not a mark to drop.
let encoder: TextEncoder | undefined;
let decoder: TextDecoder | undefined;
let strictDecoder: TextDecoder | undefined;

/** UTF-8 bytes of a string; a lone surrogate becomes U+FFFD. */
export function utf8(value: string): Uint8Array {
	return (encoder ??= new TextEncoder()).encode(value);
}

/** A string from UTF-8 bytes (paths, names, signatures): anything invalid becomes U+FFFD. */
function text(bytes: Uint8Array): string {
	return (decoder ??= new TextDecoder('utf-8', {ignoreBOM: true})).decode(bytes);
}

/** The string these bytes encode, or undefined when they are not UTF-8 (a decoder would have replaced something). */
export function strictUtf8(bytes: Uint8Array): string | undefined {
	try {
		return (strictDecoder ??= new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})).decode(bytes);
	} catch {
		return undefined;
	}
}
