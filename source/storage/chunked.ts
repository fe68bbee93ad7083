/**
 * Splits long secrets over several entries of a flat entry store where the store needs it:
 * Windows' Credential Manager caps an entry at 2,560 bytes, and refresh tokens and
 * certificates are longer than that. The Secret Service and the macOS Keychain take a whole
 * token in one entry, which matters: every entry read there is its own keychain round trip,
 * and msid-env reads one before a prompt.
 *
 * On-store format, for a secret stored under `key`:
 * - A value that fits in one part and does not start with `msid-chunked:` is stored as is
 *   under `key`. (A value that does start with it is stored split, so it is never mistaken
 *   for a head.)
 * - Any other value is stored as parts under `key#part:<generation>:<index>` (index from 0,
 *   generation 12 random hex digits, fresh for every write), plus a head under `key`:
 *   `msid-chunked:1:<generation>:<part count>:<value length in UTF-8 bytes>`.
 * - With Windows' limits a part holds at most 2,000 UTF-8 bytes and at most 1,200 UTF-16 code
 *   units (keyring-rs writes UTF-16 there: 2,400 bytes), and always ends on a whole character.
 *
 * Every store reads both forms, so a store with other limits (or none) reads what any other
 * wrote, and its next write replaces the parts with its own form.
 *
 * Writes put the parts first, under the fresh generation, then the head that names them, then
 * delete the parts of the previous head. A reader therefore sees either the old head with its
 * complete old parts or the new head with its complete new parts; when an old part vanishes
 * under it, it reads the head again. Two writers of one key at the same moment can leave unused
 * parts behind (never a wrong value); msid writes a key under that account's lock, and delete()
 * sweeps every part of the key.
 */
import {randomBytes} from 'node:crypto';
import {MsidError} from '../model/errors.js';
import type {SecretStore} from './secret-store.js';

/** A flat store of named string entries under one service name: what a keychain offers. */
export interface EntryStore {
	get(name: string): Promise<string | undefined>;
	set(name: string, value: string): Promise<void>;
	/** Resolves true when the entry existed. */
	delete(name: string): Promise<boolean>;
	names(): Promise<string[]>;
}

export interface PartLimits {
	utf8Bytes: number;
	utf16Units: number;
}

/** What one Windows Credential Manager entry holds, with room to spare. */
export const windowsPartLimits: PartLimits = {utf8Bytes: 2000, utf16Units: 1200};

const headPrefix = 'msid-chunked:';
const headPattern = /^msid-chunked:1:([\da-f]{12}):(\d+):(\d+)$/;
const partPattern = /#part:[\da-f]{12}:\d+$/;
const readAttempts = 3;

interface Head {
	generation: string;
	count: number;
	utf8Bytes: number;
}

export function isPartName(name: string): boolean {
	return partPattern.test(name);
}

/** Splits a string into parts within the limits, never inside a character. */
export function splitIntoParts(value: string, limits: PartLimits = windowsPartLimits): string[] {
	const parts: string[] = [];
	let part = '';
	let bytes = 0;
	let units = 0;
	for (const character of value) {
		const characterBytes = Buffer.byteLength(character, 'utf8');
		if (bytes + characterBytes > limits.utf8Bytes || units + character.length > limits.utf16Units) {
			parts.push(part);
			part = '';
			bytes = 0;
			units = 0;
		}

		part += character;
		bytes += characterBytes;
		units += character.length;
	}

	parts.push(part);
	return parts;
}

export class ChunkedStore implements SecretStore {
	/** `limits` undefined: every value in one entry (only split-format lookalikes get a head). */
	constructor(
		private readonly entryStore: EntryStore,
		readonly kind: SecretStore['kind'],
		private readonly limits: PartLimits | undefined,
		readonly listsSilently = true,
	) {}

	async get(key: string): Promise<string | undefined> {
		for (let attempt = 0; attempt < readAttempts; attempt++) {
			const stored = await this.entryStore.get(key);
			const head = parseHead(stored);
			if (head === undefined) {
				return stored;
			}

			const parts = await Promise.all(partNames(key, head).map(async name => this.entryStore.get(name)));
			const value = parts.every(part => part !== undefined) ? parts.join('') : undefined;
			if (value !== undefined && Buffer.byteLength(value, 'utf8') === head.utf8Bytes) {
				return value;
			}
			// A writer replaced the value while we read it: its new head names complete parts.
		}

		throw new MsidError(
			'secret-incomplete',
			`The secret store holds only part of the secret "${key}": sign in again to replace it.`,
			{remedy: {kind: 'sign-in'}},
		);
	}

	async set(key: string, value: string): Promise<void> {
		assertWholeKey(key);
		const previous = parseHead(await this.entryStore.get(key));
		const parts = this.limits ? splitIntoParts(value, this.limits) : [value];
		if (parts.length === 1 && !value.startsWith(headPrefix)) {
			await this.entryStore.set(key, value);
		} else {
			const head: Head = {generation: randomBytes(6).toString('hex'), count: parts.length, utf8Bytes: Buffer.byteLength(value, 'utf8')};
			const names = partNames(key, head);
			for (const [index, part] of parts.entries()) {
				// One at a time: a keychain serialises writes anyway, and a failure stops early.
				await this.entryStore.set(names[index]!, part);
			}

			await this.entryStore.set(key, formatHead(head));
		}

		if (previous !== undefined) {
			await this.deleteAll(partNames(key, previous));
		}
	}

	async delete(key: string): Promise<boolean> {
		assertWholeKey(key);
		// The head goes first, so that no reader meets a head whose parts are gone.
		const deleted = await this.entryStore.delete(key);
		const prefix = `${key}#part:`;
		const parts = (await this.entryStore.names()).filter(name => name.startsWith(prefix) && isPartName(name));
		await this.deleteAll(parts);
		return deleted;
	}

	async keys(): Promise<string[]> {
		return (await this.entryStore.names()).filter(name => !isPartName(name));
	}

	private async deleteAll(names: string[]): Promise<void> {
		for (const name of names) {
			await this.entryStore.delete(name);
		}
	}
}

function assertWholeKey(key: string): void {
	if (key === '' || isPartName(key)) {
		throw new TypeError(`Not a usable secret key: ${JSON.stringify(key)}`);
	}
}

function parseHead(stored: string | undefined): Head | undefined {
	// Most values are whole (a token, not a head): the prefix test spares compiling the pattern.
	const match = stored?.startsWith(headPrefix) ? headPattern.exec(stored) : undefined;
	return match ? {generation: match[1]!, count: Number(match[2]), utf8Bytes: Number(match[3])} : undefined;
}

function formatHead(head: Head): string {
	return `${headPrefix}1:${head.generation}:${head.count}:${head.utf8Bytes}`;
}

function partNames(key: string, head: Head): string[] {
	return Array.from({length: head.count}, (_, index) => `${key}#part:${head.generation}:${index}`);
}
