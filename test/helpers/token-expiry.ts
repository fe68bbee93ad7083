/**
 * Moves every cached token along its hour, as time would: it now expires `inMs` from now
 * (negative: expired that long ago) and was obtained an hour before that, so the refresh rule
 * judges it by its real lifetime. Only config.json changes; the keychain keeps the tokens.
 */
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {ConfigData} from '../../source/model/account.js';
import type {MsidEnv} from './cli.js';

export async function setTokenExpiry(msid: MsidEnv, inMs: number): Promise<void> {
	const file = path.join(msid.configDir, 'config.json');
	const config = JSON.parse(await readFile(file, 'utf8')) as ConfigData;
	for (const account of Object.values(config.accounts)) {
		for (const token of Object.values(account.tokens)) {
			token.expiresAt = Date.now() + inMs;
			token.obtainedAt = token.expiresAt - 3_600_000;
		}
	}

	await writeFile(file, `${JSON.stringify(config, undefined, '\t')}\n`);
}
