/**
 * The real clipboard (clipboardy -> xsel) on a private Xvfb display.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import test from 'ava';
import {MsidError} from '../../source/errors.js';
import {createClipboard} from '../../source/system/clipboard.js';
import {findTool, missingToolMessage} from '../shell/tools.js';
import {FakeClock} from './fake-clock.js';

const missing = ['Xvfb', 'xsel'].find(tool => !findTool(tool));
const packages: Record<string, string> = {Xvfb: 'xvfb', xsel: 'xsel'};

let xvfb: ChildProcess | undefined;

test.before(async () => {
	// Wayland would make clipboardy use wl-clipboard; these tests are about X11.
	delete process.env['WAYLAND_DISPLAY'];
	delete process.env['XDG_SESSION_TYPE'];
	if (missing) {
		return;
	}

	// -displayfd: Xvfb picks a free display and reports its number once it accepts clients.
	xvfb = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp'], {stdio: ['ignore', 'ignore', 'ignore', 'pipe']});
	const display = await new Promise<string>((resolve, reject) => {
		let output = '';
		xvfb!.stdio[3]!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('\n')) {
				resolve(output.trim());
			}
		});
		xvfb!.on('exit', code => reject(new Error(`Xvfb exited with ${code}`)));
	});
	process.env['DISPLAY'] = `:${display}`;
});

test.after.always(() => {
	xvfb?.kill();
});

const realTest = (title: string, body: (t: import('ava').ExecutionContext) => Promise<void>) => {
	test.serial(title, async t => {
		if (missing) {
			t.log(missingToolMessage(missing, packages[missing]!));
			t.pass();
			return;
		}

		await body(t);
	});
};

realTest('write, read, and a secret cleared after the delay', async t => {
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

realTest('a secret replaced by the user is left alone', async t => {
	const clock = new FakeClock();
	const clipboard = createClipboard({clock});
	const copy = await clipboard.copySecret('secret-token');
	await clipboard.write('copied by the user');
	clock.advance(45_000);
	t.is(await copy.done, 'replaced');
	t.is(await clipboard.read(), 'copied by the user');
});

realTest('without a display server the error says what to do', async t => {
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
