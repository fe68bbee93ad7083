import {spawn} from 'node:child_process';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {CommandStartError, runWithEnv} from '../../source/system/exec.js';

const node = process.execPath;
const driver = fileURLToPath(new URL('fixtures/exec-driver.ts', import.meta.url));

test('the child\'s exit status is returned', async t => {
	t.is(await runWithEnv({command: node, args: ['-e', 'process.exit(7)'], env: {}}), 7);
	t.is(await runWithEnv({command: node, args: ['-e', ''], env: {}}), 0);
});

test('the variables reach the child, and msid\'s own environment stays as it was', async t => {
	const directory = await mkdtemp(join(tmpdir(), 'msid-exec-'));
	try {
		const out = join(directory, 'env');
		const script = `require('fs').writeFileSync(${JSON.stringify(out)}, process.env.MSID_ACCESS_TOKEN + '|' + process.env.HOME)`;
		t.is(await runWithEnv({command: node, args: ['-e', script], env: {MSID_ACCESS_TOKEN: 'secret'}}), 0);
		t.is(await readFile(out, 'utf8'), `secret|${process.env['HOME']}`);
		t.is(process.env['MSID_ACCESS_TOKEN'], undefined);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
});

test('a child ended by a signal gives 128 + its number', async t => {
	t.is(await runWithEnv({command: node, args: ['-e', 'process.kill(process.pid, "SIGTERM")'], env: {}}), 143);
	t.is(await runWithEnv({command: node, args: ['-e', 'process.kill(process.pid, "SIGINT")'], env: {}}), 130);
});

test('a missing command is a one-line error with exit 127 semantics', async t => {
	const error = await t.throwsAsync(runWithEnv({command: 'msid-no-such-command', args: [], env: {}}), {instanceOf: CommandStartError});
	t.is(error?.code, 'command-not-found');
	t.is(error?.shellStatus, 127);
	t.is(error?.message, 'Command not found: msid-no-such-command');
});

test('a file that is not executable gives exit 126 semantics', async t => {
	const error = await t.throwsAsync(runWithEnv({command: fileURLToPath(import.meta.url), args: [], env: {}}), {instanceOf: MsidError});
	t.is((error as CommandStartError).shellStatus, 126);
});

test('aborting ends the child', async t => {
	const controller = new AbortController();
	const running = runWithEnv({command: node, args: ['-e', 'setInterval(() => {}, 1000)'], env: {}, signal: controller.signal});
	controller.abort();
	t.is(await running, 143);
});

/** Starts the driver (msid) with a child, sends msid `signal` once the child is up, returns msid's status. */
async function signalDriver(signal: NodeJS.Signals, childScript: string): Promise<number | null> {
	const msid = spawn(node, ['--import=tsx', driver, node, '-e', childScript], {stdio: ['ignore', 'pipe', 'inherit']});
	await new Promise<void>(resolve => {
		msid.stdout.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('ready')) {
				resolve();
			}
		});
	});
	const exited = new Promise<number | null>(resolve => msid.on('exit', code => resolve(code)));
	msid.kill(signal);
	return exited;
}

for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
	test(`${signal} sent to msid reaches the child, and msid exits ${status}`, async t => {
		t.is(await signalDriver(signal, 'console.log("ready"); setInterval(() => {}, 1000)'), status);
	});
}

test('a child that handles the forwarded signal decides the exit status', async t => {
	t.is(await signalDriver('SIGINT', 'process.on("SIGINT", () => process.exit(3)); console.log("ready"); setInterval(() => {}, 1000)'), 3);
});
