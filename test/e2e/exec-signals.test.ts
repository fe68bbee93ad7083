/**
 * msid exec and Ctrl-C in a real terminal (tmux): the terminal sends SIGINT to the whole
 * foreground process group, the command msid runs included, so msid must not send it a second
 * one; a SIGINT sent to msid alone (kill -INT PID) must still reach the command, once. The
 * command is a shell that logs each SIGINT it traps and goes on.
 */
import {existsSync} from 'node:fs';
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import test from 'ava';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {cliPath, makeMsidEnv, type MsidEnv} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp-dirs.js';
import {missingTmux, TmuxPane} from '../helpers/tmux.js';
import {testNeeding} from '../helpers/tool-gate.js';
import {startEmulator} from '../../source/emulator/index.js';

const keyring = keychainPerTestFile();
const tmuxTest = testNeeding(missingTmux());
const script = 'trap "echo INT >> $LOG" INT; sleep 3; echo done >> $LOG';
/**
 * The same in Node, which records every SIGINT delivered: a shell may merge a second SIGINT
 * that arrives before it ran the trap for the first one, Node's handler runs for each.
 */
const nodeScript = [
	'const {appendFileSync} = require("node:fs");',
	'process.on("SIGINT", () => appendFileSync(process.env.LOG, "INT\\n"));',
	'setTimeout(() => appendFileSync(process.env.LOG, "done\\n"), 3000);',
	'require("node:child_process").spawn("sleep", ["3"], {stdio: "ignore"});',
].join(' ');

let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let msid: MsidEnv;

test.before(async () => {
	emulator = await startEmulator({interval: 1});
	msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url});
	await signIn(msid.env);
});

test.after.always(async () => {
	await emulator?.close();
});

/** The processes below `pid` (Linux: /proc/PID/task/TID/children). */
async function descendants(pid: number): Promise<number[]> {
	const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
	const children = (await Promise.all(tasks.map(async task => readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => ''))))
		.flatMap(text => text.split(' ').filter(Boolean).map(Number));
	return [...children, ...(await Promise.all(children.map(async child => descendants(child)))).flat()];
}

/** Waits until a `sleep 3` runs below msid: the command has set its trap and is waiting. */
async function waitForSleep(pane: TmuxPane): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		// The pane's shell may not have started msid yet.
		const msidPid = await pane.pid().catch(() => undefined);
		for (const pid of msidPid ? await descendants(msidPid) : []) {
			if (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '') === 'sleep\u00003\u0000') {
				return;
			}
		}

		await delay(25);
	}

	throw new Error('the command\'s sleep never started');
}

async function runInterrupted(command: string[], interrupt: (pane: TmuxPane) => Promise<void>): Promise<string> {
	const directory = await makeTempDir('msid-exec-sigint-');
	const log = path.join(directory, 'log');
	const pane = await TmuxPane.start({command: [process.execPath, cliPath, 'exec', '--', ...command], env: {...msid.env, LOG: log}});
	try {
		await waitForSleep(pane);
		await interrupt(pane);
		const deadline = Date.now() + 30_000;
		while (Date.now() < deadline && !(existsSync(log) && (await readFile(log, 'utf8')).includes('done'))) {
			await delay(25);
		}

		return await readFile(log, 'utf8');
	} finally {
		await pane.stop();
	}
}

for (const [name, command] of [['sh', ['sh', '-c', script]], ['node', [process.execPath, '-e', nodeScript]]] as const) {
	tmuxTest.serial(`a real Ctrl-C: the command (${name}) gets exactly one SIGINT`, async t => {
		const log = await runInterrupted([...command], async pane => pane.press('C-c'));
		t.is(log, 'INT\ndone\n');
	});

	tmuxTest.serial(`kill -INT to msid alone: msid passes it on to the command (${name}), exactly once`, async t => {
		const log = await runInterrupted([...command], async pane => {
			process.kill(await pane.pid(), 'SIGINT');
		});
		t.is(log, 'INT\ndone\n');
	});
}
