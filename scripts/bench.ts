/**
 * npm run bench: how msid's paths where people wait compare with starting Node itself, measured
 * in the same run so a noisy machine moves both sides, and which targets are met. A script,
 * not a test: it prints numbers and asserts nothing.
 *
 * Set-up: a private keychain (gnome-keyring in its own D-Bus session, as the tests use), the
 * Entra emulator on 127.0.0.1, and one account signed in with a cached, fresh token. Each
 * section (start-up, prompt hook, dashboard, stampede) returns its lines and its targets
 * (bench-report.ts); add a measurement by adding a section.
 */
import {startEmulator} from '../source/emulator/index.js';
import {approveDeviceCode} from '../test/helpers/emulator-approve.js';
import {makeMsidEnv, startMsid} from '../test/helpers/cli.js';
import {missingKeyringTools, startKeyringSession} from '../test/helpers/keyring-session.js';
import {cleanupTempDirs} from '../test/helpers/temp-dirs.js';
import {benchDashboard} from './bench-dashboard.js';
import {type SectionResult, targetLine} from './bench-report.js';
import {benchHook} from './bench-shell.js';
import {benchStampede} from './bench-stampede.js';
import {benchStartup} from './bench-startup.js';

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

		console.log(`msid benchmarks on this machine now (Node ${process.version}, ${(await import('node:os')).cpus().length} CPUs, load ${(await import('node:os')).loadavg()[0]!.toFixed(2)})\n`);
		const sections: Array<[name: string, run: () => Promise<SectionResult>]> = [
			['startup', async () => benchStartup(msid.env)],
			['hook', async () => benchHook(msid.env)],
			['dashboard', async () => benchDashboard(msid.env)],
			// Last: it makes the cached token expire.
			['stampede', async () => benchStampede(msid, emulator)],
		];
		// BENCH_ONLY=startup,hook measures just those sections, for a quick look at one change.
		const only = process.env['BENCH_ONLY']?.split(',');
		const targets = [];
		for (const [name, section] of sections) {
			if (only && !only.includes(name)) {
				continue;
			}

			const result = await section();
			for (const line of result.lines) {
				console.log(line);
			}

			console.log('');
			targets.push(...result.targets);
		}

		const met = targets.filter(target => target.measured <= target.limit).length;
		console.log(`targets: ${met} of ${targets.length} met`);
		for (const target of targets) {
			console.log(`  ${targetLine(target)}`);
		}
	} finally {
		await emulator.close();
		await keyring?.stop();
		await cleanupTempDirs();
	}
}

await main();
