/**
 * Shared by the dashboard tests: render <App> on fake services at a given size, press keys,
 * wait for what the screen should show, and inspect frames (visible width, colour codes).
 */
import {stripVTControlCharacters} from 'node:util';
import {App, type Route} from '../../../source/ui/app.js';
import {createTheme} from '../../../source/ui/theme.js';
import type {FakeServices} from '../../helpers/fake-services.js';
import {renderSized, type SizedInstance} from './render-sized.js';
import {displayWidth} from '../../../source/model/text-width.js';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	escape: '\u001B',
	backspace: '\u007F',
	tab: '\t',
	ctrlC: '\u0003',
} as const;

export interface Dashboard extends SizedInstance {
	services: FakeServices;
	press: (...input: string[]) => void;
	/** Waits until the screen (unstyled) matches; fails with the last frame when it never does. */
	waitForScreen: (expected: string | RegExp | ((screen: string) => boolean), timeoutMs?: number) => Promise<string>;
}

const rendered = new Set<SizedInstance>();

/** Unmounts every dashboard still rendered (a failed test leaves its spinner running otherwise). */
export function cleanupDashboards(): void {
	for (const instance of rendered) {
		instance.unmount();
	}

	rendered.clear();
}

export function renderDashboard(services: FakeServices, options: {columns?: number; rows?: number; initialScreen?: Route; color?: boolean} = {}): Dashboard {
	const instance = renderSized(
		<App services={services} initialScreen={options.initialScreen} theme={createTheme({color: options.color ?? true})} />,
		{columns: options.columns ?? 80, rows: options.rows ?? 24},
	);
	rendered.add(instance);
	return {
		...instance,
		services,
		press(...input) {
			for (const each of input) {
				instance.stdin.write(each);
			}
		},
		async waitForScreen(expected, timeoutMs = 10_000) {
			const matches = (screen: string) => typeof expected === 'string'
				? screen.includes(expected)
				: expected instanceof RegExp ? expected.test(screen) : expected(screen);
			return waitUntil(() => {
				const screen = instance.screen();
				return matches(screen) ? screen : undefined;
			}, () => `screen to show ${String(expected)}; last frame:\n${instance.screen()}`, timeoutMs);
		},
	};
}

/**
 * Polls a condition (Ink renders and service promises settle asynchronously); never a fixed wait.
 * The check may be async (reading a terminal emulator's screen is).
 */
export async function waitUntil<T>(check: () => T | undefined | Promise<T | undefined>, describe: () => string | Promise<string>, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (true) {
		const result = await check();
		if (result !== undefined && result !== false) {
			return result;
		}

		if (Date.now() > deadline) {
			throw new Error(`Timed out waiting for ${await describe()}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 2);
		});
	}
}

/** Each line of a frame as it appears: styling removed. */
export function visibleLines(frame: string): string[] {
	return stripVTControlCharacters(frame).split('\n');
}

/** Columns a line takes on a terminal (CJK and emoji take two). */
export function visibleWidth(line: string): number {
	return displayWidth(stripVTControlCharacters(line));
}

/** SGR codes that set a colour (foreground or background, 16, 256 or true colour). */
const colourCode = /\u001B\[(?:3\d|4\d|9[0-7]|10[0-7])(?:;[\d;]*)?m/;

export function hasColour(text: string): boolean {
	return colourCode.test(text);
}

/** The SGR colour code (e.g. "32") in effect at the first place `needle` appears, if any. */
export function colourAt(frame: string, needle: string): string | undefined {
	for (const line of frame.split('\n')) {
		let colour: string | undefined;
		let plain = '';
		const colours: Array<string | undefined> = [];
		for (const token of line.split(/(\u001B\[[\d;]*m)/)) {
			const code = /^\u001B\[([\d;]*)m$/.exec(token)?.[1];
			if (code === undefined) {
				plain += token;
				colours.push(...Array.from(token, () => colour));
			} else if (/^(3[0-7]|9[0-7])$/.test(code) || code.startsWith('38;')) {
				colour = code;
			} else if (code === '39' || code === '0' || code === '') {
				colour = undefined;
			}
		}

		const index = plain.indexOf(needle);
		if (index !== -1) {
			return colours[index];
		}
	}

	return undefined;
}

export const ansi = {green: '32', yellow: '33', red: '31', cyan: '36', gray: '90', blue: '34', magenta: '35'} as const;
