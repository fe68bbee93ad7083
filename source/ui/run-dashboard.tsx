/**
 * Runs the dashboard full screen and resolves the exit code once it is gone: 0 after q, 130
 * after Ctrl-C, 1 after a crash. The terminal is restored in every case (Ink leaves the
 * alternate screen and raw mode on unmount), a token still on the clipboard is cleared, and a
 * crash is reported in one line, with the stack only when MSID_DEBUG=1.
 */
import {render} from 'ink';
import type {Services} from '../model/services.js';
import {App, exitCodes, type Route} from './app.js';
import {ClipboardKeeper} from './clipboard-keeper.js';
import {describeError} from './describe-error.js';
import {LivePainter} from './live-painter.js';
import {colorFromEnv, createTheme} from './theme.js';

export interface DashboardOptions {
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
	stderr?: NodeJS.WriteStream;
	env?: NodeJS.ProcessEnv;
	initialScreen?: Route;
	/**
	 * Ink's interactive mode. Defaults to whether stdout is a terminal: Ink alone would also turn
	 * it off whenever CI is set, which would leave a dashboard in a CI terminal (tmux) blank.
	 */
	interactive?: boolean;
	/**
	 * Ends the dashboard from outside (SIGINT or SIGTERM sent to the process, not typed): it
	 * unmounts, restores the terminal and resolves 130, so the caller can still clean up.
	 */
	signal?: AbortSignal;
}

export async function runDashboard(services: Services, options: DashboardOptions = {}): Promise<number> {
	const env = options.env ?? process.env;
	const stderr = options.stderr ?? process.stderr;
	const stdout = options.stdout ?? process.stdout;
	const clipboardKeeper = new ClipboardKeeper(services.clipboard, services.clock);
	const interactive = options.interactive ?? Boolean(stdout.isTTY);
	// Full screen (Ink's alternate screen needs an interactive terminal): countdowns are repainted
	// in place rather than by a whole new frame every second.
	const painter = interactive && stdout.isTTY ? new LivePainter(stdout) : undefined;
	const instance = render(
		<App
			services={services}
			initialScreen={options.initialScreen}
			theme={createTheme({color: colorFromEnv(env)})}
			clipboardKeeper={clipboardKeeper}
			painter={painter}
		/>,
		{
			stdin: options.stdin ?? process.stdin,
			stdout,
			stderr,
			alternateScreen: true,
			// A frame rewrites only the lines that changed, not the whole screen.
			incrementalRendering: true,
			...(painter ? {onRender: painter.frameWritten} : {}),
			// Ctrl-C is the app's to handle: it cancels a sign-in in progress and exits 130.
			exitOnCtrlC: false,
			interactive,
		},
	);

	let interrupted = false;
	const interrupt = () => {
		interrupted = true;
		instance.unmount();
	};

	if (options.signal?.aborted) {
		interrupt();
	} else {
		options.signal?.addEventListener('abort', interrupt, {once: true});
	}

	let code: number;
	try {
		const result: unknown = await instance.waitUntilExit();
		code = interrupted ? exitCodes.interrupted : typeof result === 'number' ? result : exitCodes.quit;
	} catch (error) {
		code = exitCodes.crash;
		stderr.write(`msid: the dashboard stopped: ${describeError(error)}\n`);
		if (env['MSID_DEBUG'] === '1' && error instanceof Error && error.stack) {
			stderr.write(`${error.stack}\n`);
		}
	}

	options.signal?.removeEventListener('abort', interrupt);
	await clipboardKeeper.dispose();
	return code;
}
