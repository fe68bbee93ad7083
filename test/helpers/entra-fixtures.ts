/**
 * Answers recorded from the live Microsoft identity platform, kept in test/fixtures/entra/.
 * Each file names where it came from (`source`) and says which parts, if any, are not verbatim.
 */
import {readdir, readFile} from 'node:fs/promises';

const directory = new URL('../fixtures/entra/', import.meta.url);

export interface EntraFixture {
	source: {url?: string; repository?: string; path?: string; commit?: string; what: string};
	status: number;
	headers?: Record<string, string>;
	/** A JSON answer. */
	body?: Record<string, unknown>;
	/** A text answer (throttling). */
	text?: string;
	[other: string]: unknown;
}

export async function readEntraFixture(name: string): Promise<EntraFixture> {
	return JSON.parse(await readFile(new URL(name, directory), 'utf8')) as EntraFixture;
}

export async function entraFixtureNames(): Promise<string[]> {
	return (await readdir(directory)).filter(name => name.endsWith('.json')).sort();
}
