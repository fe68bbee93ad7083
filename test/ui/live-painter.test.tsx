/**
 * The full-screen dashboard repaints its countdowns in place (source/ui/live-painter.ts). What
 * it writes goes through a real terminal emulator (xterm.js, headless), so these tests read the
 * screen a user sees: a tick must leave it exactly as a fresh frame of the same moment would
 * draw it, in characters and colours, while writing only a few bytes and no frame.
 */
import './helpers/force-color.js';
import test from 'ava';
import xterm from '@xterm/headless';
import {runDashboard} from '../../source/ui/run-dashboard.js';
import {fakeEpoch, FakeServices, makeAccount, makeToken} from '../helpers/fake-services.js';
import {renderDashboard, waitUntil} from './helpers/dashboard-harness.js';
import {FakeStdin, SizedStdout} from './helpers/render-sized.js';

const columns = 100;
const rows = 30;
const minute = 60_000;
/** Ink's erase-to-end-of-line: every line Ink writes anew starts with it. */
const eraseLine = '\u001B[K';

interface Screen {
	stdin: FakeStdin;
	stdout: SizedStdout;
	exit: Promise<number>;
	read(): Promise<{text: string[]; colours: string[]}>;
}

function newTerminal(): xterm.Terminal {
	// convertEol: a terminal's line discipline turns Ink's \n into \r\n (onlcr).
	return new xterm.Terminal({cols: columns, rows, allowProposedApi: true, convertEol: true});
}

function dashboardOn(services: FakeServices): Screen {
	const terminal = newTerminal();
	const stdin = new FakeStdin();
	const stdout = new SizedStdout(columns, rows);
	const write = stdout.write;
	stdout.write = (data, ...rest) => {
		terminal.write(data);
		return write(data, ...rest);
	};

	const exit = runDashboard(services, {
		stdin: stdin as unknown as NodeJS.ReadStream,
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: new SizedStdout(columns, rows) as unknown as NodeJS.WriteStream,
		env: {},
	});
	return {stdin, stdout, exit, read: async () => readTerminal(terminal)};
}

/** What a terminal shows: each row's characters, then each cell's colour as a letter. */
async function readTerminal(terminal: xterm.Terminal): Promise<{text: string[]; colours: string[]}> {
	await new Promise<void>(resolve => {
		terminal.write('', resolve);
	});
	const buffer = terminal.buffer.active;
			const text: string[] = [];
	const colours: string[] = [];
	for (let y = 0; y < rows; y++) {
		const line = buffer.getLine(buffer.viewportY + y)!;
		// A painted cell may end in spaces where Ink leaves the cells blank: the same on screen.
		text.push(line.translateToString(true).trimEnd());
		let colour = '';
		for (let x = 0; x < columns; x++) {
			const cell = line.getCell(x)!;
			colour += cell.getChars() === '' || cell.getChars() === ' ' ? ' ' : String.fromCodePoint(65 + (cell.isFgDefault() ? 0 : cell.getFgColor() + 1));
		}

		colours.push(colour.trimEnd());
	}

	return {text, colours};
}

function accountExpiringIn(expiresIn: number) {
	const token = makeToken({expiresIn});
	return makeAccount({tokens: {'t|User.Read': token}, lastRefreshAt: fakeEpoch - 30_000});
}

/**
 * The same services drawn afresh at this moment, by Ink alone (no painter: one whole frame), on
 * a terminal of its own: what every repaint must equal. `keys` are pressed first.
 */
async function freshScreen(services: FakeServices, pattern: RegExp, keys = '') {
	const fresh = renderDashboard(services, {columns, rows});
	await fresh.waitForScreen('msid ·');
	fresh.press(...keys);
	await fresh.waitForScreen(pattern);
	const terminal = newTerminal();
	terminal.write(fresh.lastFrame());
	fresh.unmount();
	return readTerminal(terminal);
}

/** Waits until a row of the terminal matches; fails with the screen when none does. */
async function showing(screen: Screen, pattern: RegExp): Promise<void> {
	await waitUntil(async () => (await screen.read()).text.some(line => pattern.test(line)) || undefined, async () => `a row matching ${pattern}; the screen:\n${(await screen.read()).text.join('\n')}`);
}

test('a second\'s tick repaints the countdowns in place: a few bytes, no frame, the screen as a fresh frame draws it', async t => {
	const services = new FakeServices({accounts: [accountExpiringIn(62 * minute)]});
	const screen = dashboardOn(services);
	await showing(screen, /1:02:00 +User\.Read/);
	const before = screen.stdout.frames.length;

	for (const expected of [/1:01:59 +User\.Read/, /1:01:58 +User\.Read/, /1:01:57 +User\.Read/]) {
		await services.clock.advance(1000);
		await showing(screen, expected);
	}

	const ticks = screen.stdout.frames.slice(before);
	t.is(ticks.length, 3, 'one write a second');
	for (const write of ticks) {
		t.false(write.includes(eraseLine), 'no line of a frame is rewritten');
		t.true(write.length < 200, `a tick writes a few bytes, not a frame: ${JSON.stringify(write)}`);
	}

	t.deepEqual(await screen.read(), await freshScreen(services, /1:01:57/));
	t.regex((await screen.read()).text.join('\n'), /Refreshed +33 s ago/);
	screen.stdin.write('q');
	t.is(await screen.exit, 0);
});

test('when a countdown changes width or colour, a frame draws it; nothing of the old text is left', async t => {
	const services = new FakeServices({accounts: [accountExpiringIn(60 * minute + 1000)]});
	const screen = dashboardOn(services);
	await showing(screen, /1:00:01 +User\.Read/);

	// h:mm:ss to mm:ss: one column narrower.
	await services.clock.advance(1000);
	await showing(screen, /1:00:00 +User\.Read/);
	await services.clock.advance(1000);
	await showing(screen, /59:59 +User\.Read/);
	t.deepEqual(await screen.read(), await freshScreen(services, /59:59 +User/));

	// Green to yellow with a marker when the token turns due for refresh, then red at expiry.
	await services.clock.jump(59 * minute);
	await showing(screen, /00:59! +User\.Read/);
	t.deepEqual(await screen.read(), await freshScreen(services, /00:59!/));
	await services.clock.advance(1000);
	await showing(screen, /00:58! +User\.Read/);
	t.deepEqual(await screen.read(), await freshScreen(services, /00:58!/));
	await services.clock.jump(minute);
	await showing(screen, /expired +User\.Read/);
	t.deepEqual(await screen.read(), await freshScreen(services, /expired +User/));
	screen.stdin.write('q');
	t.is(await screen.exit, 0);
});

test('moving to another account repaints its countdowns, not the last one\'s', async t => {
	const first = accountExpiringIn(30 * minute);
	const second = makeAccount({id: 'bob', name: 'bob@contoso.com', tokens: {'t|Mail.Read': makeToken({expiresIn: 45 * minute, scopes: ['Mail.Read']})}});
	const services = new FakeServices({accounts: [first, second]});
	const screen = dashboardOn(services);
	await showing(screen, /30:00 +User\.Read/);
	await services.clock.advance(2000);
	await showing(screen, /29:58 +User\.Read/);
	screen.stdin.write('j');
	await showing(screen, /44:58 +Mail\.Read/);
	await services.clock.advance(1000);
	await showing(screen, /44:57 +Mail\.Read/);
	const now = await screen.read();
	t.false(now.text.some(line => line.includes('User.Read') && /\d\d:\d\d/.test(line)));
	t.deepEqual(now, await freshScreen(services, /44:57/, 'j'));
	screen.stdin.write('q');
	t.is(await screen.exit, 0);
});

test('once the dashboard has left the terminal, ticks write nothing', async t => {
	const services = new FakeServices({accounts: [accountExpiringIn(30 * minute)]});
	const screen = dashboardOn(services);
	await showing(screen, /30:00 +User\.Read/);
	screen.stdin.write('q');
	t.is(await screen.exit, 0);
	const written = screen.stdout.written().length;
	await services.clock.advance(3000);
	t.is(screen.stdout.written().length, written);
	t.is(services.clock.pendingSleeps, 0);
});

test('a frame Ink writes on its own (a narrower terminal redraws all) already carries the current countdown', async t => {
	const services = new FakeServices({accounts: [accountExpiringIn(62 * minute)]});
	const screen = dashboardOn(services);
	await showing(screen, /1:02:00 +User\.Read/);
	for (const expected of [/1:01:59 +User\.Read/, /1:01:58 +User\.Read/, /1:01:57 +User\.Read/]) {
		await services.clock.advance(1000);
		await showing(screen, expected);
	}

	const before = screen.stdout.frames.length;
	screen.stdout.columns = columns - 10;
	screen.stdout.emit('resize');
	// Ink's frame is the first write that holds the line; the painter's repaint after it would hide a stale value.
	const frame = await waitUntil(() => screen.stdout.frames.slice(before).find(write => write.includes('User.Read')), () => 'a frame after the resize');
	t.regex(frame, /1:01:57/);
	t.notRegex(frame, /1:02:00/);
	screen.stdin.write('q');
	t.is(await screen.exit, 0);
});
