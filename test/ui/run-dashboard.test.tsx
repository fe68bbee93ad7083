import './helpers/force-color.js';
import test from 'ava';
import {runDashboard} from '../../source/ui/run-dashboard.js';
import {FakeServices, sampleAccounts} from '../helpers/fake-services.js';
import {waitUntil} from './helpers/dashboard-harness.js';
import {FakeStdin, SizedStdout} from './helpers/render-sized.js';

const enterAlternateScreen = '\u001B[?1049h';
const leaveAlternateScreen = '\u001B[?1049l';

function terminal() {
	return {stdin: new FakeStdin(), stdout: new SizedStdout(80, 24), stderr: new SizedStdout(80, 24)};
}

async function start(services: FakeServices, env: NodeJS.ProcessEnv = {}) {
	const io = terminal();
	const exit = runDashboard(services, {
		stdin: io.stdin as unknown as NodeJS.ReadStream,
		stdout: io.stdout as unknown as NodeJS.WriteStream,
		stderr: io.stderr as unknown as NodeJS.WriteStream,
		env,
	});
	return {...io, exit};
}

test('runs full screen on a terminal (even with CI set) and restores it on q, resolving 0', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const {stdin, stdout, exit} = await start(services);
	await waitUntil(() => stdout.written().includes('Alice Example'), () => `the dashboard; got ${stdout.written()}`);
	t.true(stdout.written().startsWith(enterAlternateScreen));
	stdin.write('q');
	t.is(await exit, 0);
	t.true(stdout.written().includes(leaveAlternateScreen));
	t.true(stdout.written().lastIndexOf(leaveAlternateScreen) > stdout.written().lastIndexOf('Alice Example'));
});

test('Ctrl-C cancels a sign-in in progress, restores the terminal and resolves 130', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const {stdin, stdout, exit} = await start(services);
	await waitUntil(() => stdout.written().includes('Alice Example'), () => 'the dashboard');
	stdin.write('a');
	await waitUntil(() => stdout.written().includes('add account'), () => 'the form');
	stdin.write('\r');
	await waitUntil(() => services.lastSignIn, () => 'a sign-in');
	stdin.write('\u0003');
	t.is(await exit, 130);
	t.true(services.lastSignIn!.aborted);
	t.true(stdout.written().includes(leaveAlternateScreen));
});

test('a crash restores the terminal, explains in one line and resolves 1', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	Object.defineProperty(services, 'storeKind', {
		get() {
			throw new Error('the secret store answered nonsense');
		},
	});
	const {stdout, stderr, exit} = await start(services);
	t.is(await exit, 1);
	t.true(stdout.written().includes(leaveAlternateScreen));
	t.is(stderr.written(), 'msid: the dashboard stopped: the secret store answered nonsense\n');
	t.false(stdout.written().includes('    at '), 'no stack trace on screen');
});

test('MSID_DEBUG=1 adds the stack after a crash', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	Object.defineProperty(services, 'storeKind', {
		get() {
			throw new Error('boom');
		},
	});
	const {stderr, exit} = await start(services, {MSID_DEBUG: '1'});
	t.is(await exit, 1);
	t.regex(stderr.written(), /^msid: the dashboard stopped: boom\nError: boom\n {4}at /);
});

test('quitting within 45 s of a copy clears the clipboard before resolving', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const {stdin, stdout, exit} = await start(services);
	await waitUntil(() => stdout.written().includes('Alice Example'), () => 'the dashboard');
	stdin.write('c');
	await waitUntil(() => stdout.written().includes('clipboard clears in 45 s'), () => 'the copy');
	t.not(services.clipboard.text, '');
	stdin.write('q');
	t.is(await exit, 0);
	t.is(services.clipboard.text, '');
});

test('NO_COLOR in the environment drops every colour', async t => {
	const services = new FakeServices({accounts: sampleAccounts()});
	const {stdin, stdout, exit} = await start(services, {NO_COLOR: '1'});
	await waitUntil(() => stdout.written().includes('Client id'), () => 'the dashboard');
	stdin.write('q');
	await exit;
	t.false(/\u001B\[(?:3\d|4\d|9[0-7]|10[0-7])(?:;[\d;]*)?m/.test(stdout.written()));
	t.true(stdout.written().includes('valid'));
});
