/**
 * Start-up with a fresh cached token: msid-env and `msid token` beside `node -e 0`, all three
 * started the same way (bench-runner.ts), as ratios of medians, in wall time and in CPU time.
 * Two warm-up rounds run first; they also fill msid's code caches, as any earlier start would.
 */
import {cliPath, envPath} from '../test/helpers/cli.js';
import {median, type SectionResult, type Target} from './bench-report.js';
import {measureInterleaved, missingRunner, type Sample} from './bench-runner.js';

const runs = Number(process.env['BENCH_RUNS'] ?? 30);

export async function benchStartup(env: NodeJS.ProcessEnv): Promise<SectionResult> {
	const missing = await missingRunner();
	if (missing) {
		return {lines: [`start-up: skipped, ${missing}`], targets: []};
	}

	const node = process.execPath;
	const samples = await measureInterleaved(
		[
			{name: 'node -e 0', argv: [node, '-e', '0']},
			{name: 'msid-env (cached)', argv: [node, envPath, '--shell', 'bash']},
			{name: 'msid token (cached)', argv: [node, cliPath, 'token']},
		],
		env,
		{runs, warmups: 2},
	);
	const summary = (list: Sample[]) => ({
		wall: median(list.map(sample => sample.wallMs)),
		cpu: median(list.map(sample => sample.cpuMs)),
		rssMB: median(list.map(sample => sample.maxRssKiB)) / 1024,
	});
	const baseline = summary(samples['node -e 0']!);
	const lines = [`start-up: median of ${runs} interleaved runs each, every process started alike (posix_spawn, no preload), after 2 warm-up rounds`];
	const results = Object.fromEntries(Object.entries(samples).map(([name, list]) => {
		const result = summary(list);
		lines.push(
			`  ${name.padEnd(20)} wall ${result.wall.toFixed(1).padStart(6)} ms (${(result.wall / baseline.wall).toFixed(2)}x)`
				+ `   CPU ${result.cpu.toFixed(1).padStart(6)} ms (${(result.cpu / baseline.cpu).toFixed(2)}x)   peak RSS ${result.rssMB.toFixed(1)} MB`,
		);
		return [name, result];
	}));
	const env_ = results['msid-env (cached)']!;
	const token = results['msid token (cached)']!;
	const targets: Target[] = [
		{what: 'msid-env cached, wall, ratio to node -e 0', measured: env_.wall / baseline.wall, limit: 1.5, unit: 'x'},
		{what: 'msid-env cached, CPU, ratio to node -e 0', measured: env_.cpu / baseline.cpu, limit: 1.5, unit: 'x'},
		{what: 'msid token cached, wall, ratio to node -e 0', measured: token.wall / baseline.wall, limit: 1.8, unit: 'x'},
		{what: 'msid token cached, CPU, ratio to node -e 0', measured: token.cpu / baseline.cpu, limit: 1.8, unit: 'x'},
		{what: 'msid-env cached, peak RSS', measured: Math.round(env_.rssMB * 10) / 10, limit: 60, unit: ' MB'},
	];
	return {lines, targets};
}
