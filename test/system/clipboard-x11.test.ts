/**
 * The real clipboard (clipboardy -> xsel) on a private Xvfb display.
 */
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {createClipboard} from '../../source/system/clipboard.js';
import {displayTest, missingXvfbTools, startXvfb, type XvfbDisplay} from '../helpers/xvfb.js';
import {FakeClock} from './fake-clock.js';

let xvfb: XvfbDisplay | undefined;

test.before(async () => {
	// Wayland would make clipboardy use wl-clipboard; these tests are about X11.
	delete process.env['WAYLAND_DISPLAY'];
	delete process.env['XDG_SESSION_TYPE'];
	if (missingXvfbTools()) {
		return;
	}

	xvfb = await startXvfb();
	process.env['DISPLAY'] = xvfb.env.DISPLAY;
});

test.after.always(async () => {
	await xvfb?.stop();
});

displayTest('write, read, and a secret cleared after the delay', async t => {
	const clock = new FakeClock();
	const clipboard = createClipboard({clock});
	await clipboard.write('plain text ✓');
	t.is(await clipboard.read(), 'plain text ✓');

	const copy = await clipboard.copySecret('secret-token');
	t.is(await clipboard.read(), 'secret-token');
	clock.advance(45_000);
	t.is(await copy.done, 'cleared');
	t.is(await clipboard.read(), '');
});

displayTest('a secret replaced by the user is left alone', async t => {
	const clock = new FakeClock();
	const clipboard = createClipboard({clock});
	const copy = await clipboard.copySecret('secret-token');
	await clipboard.write('copied by the user');
	clock.advance(45_000);
	t.is(await copy.done, 'replaced');
	t.is(await clipboard.read(), 'copied by the user');
});

displayTest('without a display server the error says what to do', async t => {
	const display = process.env['DISPLAY'];
	delete process.env['DISPLAY'];
	try {
		const error = await t.throwsAsync(createClipboard({clock: new FakeClock()}).write('x'), {instanceOf: MsidError});
		t.is(error?.code, 'clipboard-unavailable');
		t.regex(error?.hint ?? '', /DISPLAY or WAYLAND_DISPLAY/);
	} finally {
		process.env['DISPLAY'] = display;
	}
});
