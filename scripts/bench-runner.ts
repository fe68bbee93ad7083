/**
 * Runs commands the way hyperfine does, so that a program and its baseline are measured alike:
 * each run is a fresh process started with posix_spawn from one small measuring process, with
 * the same environment and /dev/null for stdin, stdout and stderr, no preload on either side,
 * and its wall time, CPU time (user + system, all threads) and peak RSS read from wait4().
 * Runs of all subjects are interleaved, so drift in machine load hits each alike.
 *
 * Node cannot read a child's resource usage, so the measuring loop is a few lines of Python
 * (the Debian package python3).
 */
import {execFile} from 'node:child_process';

export interface Subject {
	name: string;
	argv: string[];
}

export interface Sample {
	wallMs: number;
	cpuMs: number;
	maxRssKiB: number;
}

const measuringLoop = String.raw`
import json, os, sys, time
spec = json.load(sys.stdin)
devnull = os.open(os.devnull, os.O_RDWR)
actions = [(os.POSIX_SPAWN_DUP2, devnull, fd) for fd in (0, 1, 2)]
samples = {subject["name"]: [] for subject in spec["subjects"]}
for run in range(spec["warmups"] + spec["runs"]):
    for subject in spec["subjects"]:
        started = time.perf_counter()
        pid = os.posix_spawn(subject["argv"][0], subject["argv"], spec["env"], file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - started
        if status != 0:
            sys.exit(subject["name"] + " exited with status " + str(status))
        if run >= spec["warmups"]:
            samples[subject["name"]].append({"wallMs": wall * 1000, "cpuMs": (usage.ru_utime + usage.ru_stime) * 1000, "maxRssKiB": usage.ru_maxrss})
json.dump(samples, sys.stdout)
`;

export async function missingRunner(): Promise<string | undefined> {
	return new Promise(resolve => {
		execFile('python3', ['-c', 'import os; os.posix_spawn; os.wait4'], error => {
			resolve(error ? 'python3 is not installed (install the Debian package "python3")' : undefined);
		});
	});
}

export async function measureInterleaved(subjects: Subject[], env: NodeJS.ProcessEnv, options: {runs: number; warmups: number}): Promise<Record<string, Sample[]>> {
	const spec = JSON.stringify({...options, subjects, env});
	return new Promise((resolve, reject) => {
		const child = execFile('python3', ['-c', measuringLoop], {maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
			if (error) {
				reject(new Error(`measuring failed: ${stderr.trim() || error.message}`));
				return;
			}

			resolve(JSON.parse(stdout) as Record<string, Sample[]>);
		});
		child.stdin!.end(spec);
	});
}
