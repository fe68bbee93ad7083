import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {clipboardError, createClipboard, type ClipboardBackend} from '../../source/system/clipboard.js';
import {FakeClock} from './fake-clock.js';

class MemoryClipboard implements ClipboardBackend {
	content = '';
	writes: string[] = [];
	async write(text: string) {
		this.writes.push(text);
		this.content = text;
	}

	async read() {
		return this.content;
	}
}

function setup() {
	const clock = new FakeClock();
	const backend = new MemoryClipboard();
	return {clock, backend, clipboard: createClipboard({clock, backend})};
}

test('write and read go to the backend', async t => {
	const {backend, clipboard} = setup();
	await clipboard.write('hello');
	t.is(await clipboard.read(), 'hello');
	t.deepEqual(backend.writes, ['hello']);
});

test('a secret still on the clipboard after 45 s is cleared', async t => {
	const {clock, backend, clipboard} = setup();
	const copy = await clipboard.copySecret('secret-token');
	t.is(backend.content, 'secret-token');
	clock.advance(44_999);
	t.is(backend.content, 'secret-token');
	clock.advance(1);
	t.is(await copy.done, 'cleared');
	t.is(backend.content, '');
});

test('something copied since is left alone', async t => {
	const {clock, backend, clipboard} = setup();
	const copy = await clipboard.copySecret('secret-token', {clearAfterMs: 10_000});
	backend.content = 'the user copied this';
	clock.advance(10_000);
	t.is(await copy.done, 'replaced');
	t.is(backend.content, 'the user copied this');
	t.deepEqual(backend.writes, ['secret-token']);
});

test('cancel stops the timer and keeps the clipboard', async t => {
	const {clock, backend, clipboard} = setup();
	const copy = await clipboard.copySecret('secret-token');
	copy.cancel();
	t.is(await copy.done, 'cancelled');
	t.is(clock.pendingSleeps, 0);
	clock.advance(60_000);
	t.is(backend.content, 'secret-token');
});

test('backend failures become one-line clipboard-unavailable errors with a fix', async t => {
	const failing: ClipboardBackend = {
		write: async () => {
			throw new Error('Clipboard access requires a display server (X11 or Wayland). This doesn\'t work in headless environments');
		},
		read: async () => {
			throw new Error('Command failed with exit code 1: xsel --clipboard --output\nsecret-token-in-output');
		},
	};
	const clipboard = createClipboard({clock: new FakeClock(), backend: failing});
	const writeError = await t.throwsAsync(clipboard.copySecret('secret-token'), {instanceOf: MsidError});
	t.is(writeError?.code, 'clipboard-unavailable');
	t.is(writeError?.message, 'There is no display server to hold the clipboard.');
	t.regex(writeError?.hint ?? '', /DISPLAY or WAYLAND_DISPLAY/);
	const readError = await t.throwsAsync(clipboard.read(), {instanceOf: MsidError});
	t.false(readError?.message.includes('secret-token'));
	t.false(String((readError?.cause as Error).message).includes('secret-token'), 'the cause keeps only the first line');
});

test('missing clipboard programs name the packages to install', t => {
	t.regex(clipboardError(new Error('Couldn\'t find the `xsel` binary and fallback didn\'t work.')).hint ?? '', /xsel or xclip .* wl-clipboard/);
	t.regex(clipboardError(new Error('Couldn\'t find the `wl-copy` binary.')).hint ?? '', /wl-clipboard/);
	t.is(clipboardError(new Error('weird')).message, 'The clipboard is unavailable: weird');
});
