/**
 * Which clipboard reaches the user, and the OSC 52 form of a copy: unit tests of our own
 * choice and encoding. The tmux path runs for real in test/e2e/token-copy-tmux.test.ts.
 */
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {createClipboard} from '../../source/system/clipboard.js';
import {chooseClipboard, osc52, osc52Clipboard} from '../../source/system/terminal-clipboard.js';
import {FakeClock} from './fake-clock.js';

test('a desktop session uses the system clipboard', t => {
	t.is(chooseClipboard({DISPLAY: ':0'}, 'linux'), 'system');
	t.is(chooseClipboard({WAYLAND_DISPLAY: 'wayland-0'}, 'linux'), 'system');
	t.is(chooseClipboard({}, 'darwin'), 'system');
	t.is(chooseClipboard({}, 'win32'), 'system');
	t.is(chooseClipboard({DISPLAY: ':0', TMUX: '/tmp/s,1,0'}, 'linux'), 'system', 'tmux on a desktop still has the desktop clipboard');
});

test('over SSH, or without a display, the terminal\'s clipboard: tmux inside tmux, OSC 52 elsewhere', t => {
	t.is(chooseClipboard({SSH_CONNECTION: '10.0.0.1 5 10.0.0.2 22', DISPLAY: 'localhost:10.0'}, 'linux'), 'osc52');
	t.is(chooseClipboard({SSH_TTY: '/dev/pts/3'}, 'darwin'), 'osc52');
	t.is(chooseClipboard({}, 'linux'), 'osc52');
	t.is(chooseClipboard({TMUX: '/tmp/s,1,0'}, 'linux'), 'tmux');
	t.is(chooseClipboard({TMUX: '/tmp/s,1,0', SSH_CLIENT: 'x'}, 'darwin'), 'tmux');
	t.is(chooseClipboard({}, 'linux', false), 'system', 'no terminal to write to: the system clipboard explains itself');
});

test('MSID_CLIPBOARD decides when set, and only for its three values', t => {
	t.is(chooseClipboard({MSID_CLIPBOARD: 'osc52', DISPLAY: ':0'}, 'linux'), 'osc52');
	t.is(chooseClipboard({MSID_CLIPBOARD: 'system'}, 'linux'), 'system');
	t.is(chooseClipboard({MSID_CLIPBOARD: 'tmux'}, 'win32'), 'tmux');
	t.is(chooseClipboard({MSID_CLIPBOARD: 'x11', DISPLAY: ':0'}, 'linux'), 'system');
});

test('OSC 52 carries the text as base64, so no byte of it is terminal syntax', t => {
	const hostile = 'tok\u001B]0;title\u0007\n';
	const sequence = osc52(hostile);
	t.is(sequence, `\u001B]52;c;${Buffer.from(hostile).toString('base64')}\u0007`);
	t.is(sequence.slice(7, -1).replaceAll(/[A-Za-z\d+/=]/g, ''), '', 'only base64 between the prefix and BEL');
	t.is(osc52(''), '\u001B]52;c;\u0007', 'an empty selection clears the clipboard');
});

test('an OSC 52 clipboard writes the sequence to the terminal and, unreadable, is cleared unconditionally', async t => {
	const dir = await mkdtemp(path.join(tmpdir(), 'msid-osc52-'));
	const tty = path.join(dir, 'tty');
	await writeFile(tty, '');
	const clock = new FakeClock();
	const clipboard = createClipboard({clock, backend: osc52Clipboard(tty)});
	await clipboard.write('the-token');
	t.is(await readFile(tty, 'utf8'), osc52('the-token'));
	t.is(await clipboard.clearIf(() => false), 'cleared', 'what the terminal holds cannot be read, so it is cleared');
	t.is(await readFile(tty, 'utf8'), osc52(''));
});
