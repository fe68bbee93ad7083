/**
 * A refresh stampede: 20 `msid token` processes started at once when the cached token is one
 * minute from expiry. Measures the wall time until the last one has its token, and counts the
 * refreshes the identity platform saw and the processes that failed.
 */
import {spawn} from 'node:child_process';
import type {Emulator} from '../source/emulator/index.js';
import {cliPath, type MsidEnv} from '../test/helpers/cli.js';
import {setTokenExpiry} from '../test/helpers/token-expiry.js';
import type {SectionResult} from './bench-report.js';

const processes = 20;

async function exitCode(env: NodeJS.ProcessEnv): Promise<number | null> {
	return new Promise(resolve => {
		spawn(process.execPath, [cliPath, 'token'], {env, stdio: 'ignore'}).on('close', code => {
			resolve(code);
		});
	});
}

export async function benchStampede(msid: MsidEnv, emulator: Emulator): Promise<SectionResult> {
	// An hour-long token with a minute left: due by the refresh rule, as time would make it.
	await setTokenExpiry(msid, 60_000);
	const {env} = msid;
	const refreshesBefore = emulator.stats.count('token', 'refresh_token');
	const started = performance.now();
	const codes = await Promise.all(Array.from({length: processes}, async () => exitCode(env)));
	const wall = performance.now() - started;
	const refreshes = emulator.stats.count('token', 'refresh_token') - refreshesBefore;
	const failed = codes.filter(code => code !== 0).length;
	return {
		lines: [`stampede: ${processes} msid token processes at once, token 1 min from expiry: ${wall.toFixed(0)} ms until the last one finished, ${refreshes} refresh(es), ${failed} failed`],
		targets: [
			{what: `stampede of ${processes}, refreshes`, measured: refreshes, limit: 1, unit: ''},
			{what: `stampede of ${processes}, failed processes`, measured: failed, limit: 0, unit: ''},
		],
	};
}
