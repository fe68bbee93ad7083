/**
 * The legacy CJK locales in which a backslash byte (0x5C) can be the second byte of a
 * character: GBK, GB18030, BIG5 and Shift_JIS. glibc ships their sources (Debian's `locales`
 * package) but Debian builds none of them; `localedef` builds them without root into a folder
 * that LOCPATH names. GB18030 alone takes seconds to build, so the folder is built once per
 * machine and glibc version, under the temp dir, and shared by every test file and run.
 */
import {execFile} from 'node:child_process';
import {existsSync, readFileSync, statSync} from 'node:fs';
import {mkdtemp, rename, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {gunzipSync} from 'node:zlib';
import {findTool, missingToolMessage} from '../shell/tools.js';

const run = promisify(execFile);

export interface LegacyLocale {
	/** The LC_ALL value. */
	name: string;
	/** glibc's locale source and character map. */
	source: string;
	charmap: string;
}

export const legacyLocales: readonly LegacyLocale[] = [
	{name: 'zh_CN.GBK', source: 'zh_CN', charmap: 'GBK'},
	{name: 'zh_CN.GB18030', source: 'zh_CN', charmap: 'GB18030'},
	{name: 'zh_TW.BIG5', source: 'zh_TW', charmap: 'BIG5'},
	{name: 'ja_JP.SJIS', source: 'ja_JP', charmap: 'SHIFT_JIS'},
];

const i18n = '/usr/share/i18n';
const charmapFile = (charmap: string) => path.join(i18n, 'charmaps', `${charmap}.gz`);
const builtMarker = 'complete';

/** Why the locales cannot be built here (naming the Debian package), or undefined. */
export function legacyLocalesMissing(): string | undefined {
	if (!findTool('localedef')) {
		return missingToolMessage('localedef', 'libc-bin');
	}

	const sources = legacyLocales.flatMap(locale => [charmapFile(locale.charmap), path.join(i18n, 'locales', locale.source)]);
	const absent = sources.find(file => !existsSync(file));
	return absent && missingToolMessage(absent, 'locales');
}

let building: Promise<string> | undefined;

/** The LOCPATH folder that holds every legacy locale, built the first time a test asks. */
export async function legacyLocaleDir(): Promise<string> {
	building ??= buildOnce();
	return building;
}

async function buildOnce(): Promise<string> {
	const {stdout} = await run('localedef', ['--version']);
	const glibc = (stdout.split('\n')[0] ?? '').replaceAll(/[^\w.-]+/g, '_');
	const directory = path.join(tmpdir(), `msid-test-locales-${process.getuid?.() ?? 0}-${glibc}`);
	if (!isBuilt(directory)) {
		const staging = await mkdtemp(`${directory}.building-`);
		try {
			// One at a time: the machine's cores are shared with the rest of the suite.
			for (const locale of legacyLocales) {
				// localedef exits 1 for warnings (Shift_JIS is not ASCII at 0x5C and 0x7E), so
				// what it built is checked instead of its status.
				await run('localedef', ['-i', locale.source, '-f', locale.charmap, path.join(staging, locale.name)]).catch(() => undefined);
			}

			await writeFile(path.join(staging, builtMarker), '');
			// Another test process may have finished first: then its folder serves.
			await rename(staging, directory).catch((error: unknown) => {
				if (!isBuilt(directory)) {
					throw error;
				}
			});
		} finally {
			await rm(staging, {recursive: true, force: true});
		}
	}

	await checkLoads(directory);
	return directory;
}

/** Finished, and ours (a folder another user made in the shared temp dir is never used). */
function isBuilt(directory: string): boolean {
	return existsSync(path.join(directory, builtMarker)) && statSync(directory).uid === (process.getuid?.() ?? 0);
}

/** glibc really loads each one: a wrong LOCPATH would fall back to the C locale in silence. */
async function checkLoads(directory: string): Promise<void> {
	for (const locale of legacyLocales) {
		const {stdout} = await run('locale', ['charmap'], {env: {PATH: process.env['PATH'], LOCPATH: directory, LC_ALL: locale.name}});
		if (stdout.trim() !== locale.charmap) {
			throw new Error(`${locale.name} from ${directory} loads as ${stdout.trim()}, not ${locale.charmap}`);
		}
	}
}

/**
 * `count` characters that `charmap` writes as two bytes the second of which is 0x5C (a
 * backslash in ASCII), read from glibc's own character map; private-use characters and those
 * in `taken` are passed over, and the ones returned are added to it.
 */
export function backslashEnders(charmap: string, count: number, taken: Set<string>): string[] {
	const map = gunzipSync(readFileSync(charmapFile(charmap))).toString('latin1');
	const found: string[] = [];
	for (const match of map.matchAll(/^<U([\dA-F]{4,8})>\s+\/x[89a-f][\da-f]\/x5c\s/gim)) {
		const codePoint = Number.parseInt(match[1]!, 16);
		const character = String.fromCodePoint(codePoint);
		const privateUse = (codePoint >= 0xE0_00 && codePoint <= 0xF8_FF) || codePoint >= 0xF_00_00;
		if (!privateUse && !taken.has(character)) {
			taken.add(character);
			found.push(character);
			if (found.length === count) {
				break;
			}
		}
	}

	return found;
}
