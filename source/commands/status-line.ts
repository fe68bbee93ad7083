/**
 * Progress on stderr. On a terminal: one live line with a spinner and the code's remaining
 * time, redrawn in place. Elsewhere: plain lines, and the waiting line only once, so a log
 * is not flooded with one line per poll. Every message passes through printable(): device-code
 * messages, account names and server reasons come from servers.
 */
import type {Clock} from '../model/clock.js';
import {printableLines} from '../model/printable.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function createStatusLine(stream: NodeJS.WritableStream & {isTTY?: boolean}, clock: Clock) {
	const live = Boolean(stream.isTTY) && !process.env.CI;
	let text: string | undefined;
	let deadline: number | undefined;
	let frame = 0;
	let timer: NodeJS.Timeout | undefined;
	let printedWaiting = false;

	const clear = () => {
		if (live && text !== undefined) {
			stream.write('\r\u001B[2K');
		}
	};

	const draw = () => {
		if (!live || text === undefined) {
			return;
		}

		const left = deadline === undefined ? '' : ` (code expires in ${clockText(deadline - clock.now())})`;
		stream.write(`\r\u001B[2K${frames[frame++ % frames.length]} ${text}${left}`);
	};

	const print = (message: string) => {
		clear();
		stream.write(`${printableLines(message)}\n`);
		draw();
	};

	return {
		line: print,
		note: print,
		spin(message: string, expiresAt?: number) {
			if (expiresAt !== undefined) {
				deadline = expiresAt;
			}

			if (!live) {
				if (!printedWaiting) {
					printedWaiting = true;
					stream.write(`${printableLines(message)}\n`);
				}

				return;
			}

			text = printableLines(message);
			timer ??= setInterval(draw, 120);
			draw();
		},
		done(message: string) {
			this.stop();
			stream.write(`${printableLines(message)}\n`);
		},
		stop() {
			if (timer) {
				clearInterval(timer);
				timer = undefined;
			}

			clear();
			text = undefined;
		},
		secondsUntil(at: number) {
			return Math.max(0, Math.round((at - clock.now()) / 1000));
		},
	};
}

function clockText(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
