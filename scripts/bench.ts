/**
 * npm run bench: how msid's hot paths compare with starting Node itself, measured in the same
 * run so a noisy machine moves both sides. Prints medians and ratios; asserts nothing.
 *
 * Set-up: a private keychain (gnome-keyring in its own D-Bus session, as the tests use), the
 * Entra emulator on 127.0.0.1, and one account signed in with a cached, fresh token.
 */
import {spawn} from 'node:child_process';
import path from 'node:path';
import {startEmulator} from '../source/emulator/index.js';
import {approveDeviceCode} from '../test/helpers/emulator-approve.js';
import {cliPath, envPath, makeMsidEnv, repoRoot, startMsid} from '../test/helpers/cli.js';
import {missingKeyringTools, startKeyringSession} from '../test/helpers/keyring-session.js';
import {cleanupTempDirs} from '../test/helpers/temp-dirs.js';
import {benchDashboard} from './bench-dashboard.js';
import {benchHook} from './bench-shell.js';

const runs = Number(process.env.BENCH_RUNS ?? 25);
const rssPreload = path.join(repoRoot, 'scripts', 'report-rss.js');

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Sample {
	ms: number;
	rssKiB?: number;
}

async function timeCommand(args: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
	const started = process.hrtime.bigint();
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', rssPreload, ...args], {env, stdio: ['ignore', 'ignore', 'pipe', 'pipe']});
		let rss = '';
		let stderr = '';
		child.stdio[3]!.on('data', (chunk: Buffer) => {
			rss += chunk.toString();
		});
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		child.on('close', code => {
			if (code !== 0) {
				reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
				return;
			}

			resolve({ms: Number(process.hrtime.bigint() - started) / 1e6, rssKiB: Number(rss.trim()) || undefined});
		});
	});
}

/** Interleaved, so drift in machine load hits every subject alike. */
async function measure(subjects: Record<string, {args: string[]; env: NodeJS.ProcessEnv}>) {
	const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(subjects).map(name => [name, []]));
	for (let run = 0; run < runs + 2; run++) {
		for (const [name, subject] of Object.entries(subjects)) {
			const sample = await timeCommand(subject.args, subject.env);
			if (run >= 2) {
				samples[name]!.push(sample);
			}
		}
	}

	return samples;
}

async function main() {
	const missing = missingKeyringTools();
	const keyring = missing ? undefined : await startKeyringSession();
	const emulator = await startEmulator({interval: 1});
	try {
		const msid = await makeMsidEnv(keyring ? keyring.env : {MSID_STORE: 'file'});
		msid.env.AZURE_AUTHORITY_HOST = emulator.url;
		if (missing) {
			console.log(`(no private keychain: ${missing}; measuring with MSID_STORE=file)`);
		}

		const login = startMsid(['login'], msid.env);
		const [, uri, code] = (await login.waitForStderr(/open (?:the page )?(\S+?)\.? and enter the code (\S+?)[ .]/)) as unknown as string[];
		await approveDeviceCode({verificationUri: uri!, userCode: code!});
		if ((await login.done).code !== 0) {
			throw new Error('sign-in for the benchmark failed');
		}

		console.log(`msid benchmarks: median of ${runs} runs each, interleaved, on this machine now\n`);
		const samples = await measure({
			'node -e 0': {args: ['-e', '0'], env: msid.env},
			'msid token (cached)': {args: [cliPath, 'token'], env: msid.env},
			'msid-env (cached)': {args: [envPath, '--shell', 'bash'], env: msid.env},
		});
		const baseline = median(samples['node -e 0']!.map(sample => sample.ms));
		const results = Object.entries(samples).map(([name, list]) => {
			const wall = median(list.map(sample => sample.ms));
			return {name, wall, ratio: wall / baseline, rssMB: median(list.map(sample => sample.rssKiB ?? 0)) / 1024};
		});
		for (const {name, wall, ratio, rssMB} of results) {
			console.log(`${name.padEnd(22)} ${wall.toFixed(1).padStart(7)} ms   ratio ${ratio.toFixed(2)}   peak RSS ${rssMB.toFixed(1)} MB`);
		}

		const env = results.find(result => result.name === 'msid-env (cached)')!;
		const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
		console.log(`\ntargets: msid-env ratio <= 2.0 (${verdict(env.ratio <= 2)}), msid-env peak RSS <= 60 MB (${verdict(env.rssMB <= 60)})`);
		console.log('');
		for (const line of await benchHook(msid.env)) {
			console.log(line);
		}

		console.log('');
		for (const line of await benchDashboard(msid.env)) {
			console.log(line);
		}
	} finally {
		await emulator.close();
		await keyring?.stop();
		await cleanupTempDirs();
	}
}

await main();
