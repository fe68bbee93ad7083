/**
 * `node dist/emulator.js [--port N] [--interval S] [--access-token-lifetime S] [--device-code-lifetime S] [--cloud global|china]`
 * Starts the emulator, prints one JSON line `{"url":"http://127.0.0.1:PORT"}` and serves
 * until SIGTERM or SIGINT. Control it over HTTP at `{url}/__emulator/*`.
 */
import {parseArgs} from 'node:util';
import {startEmulator, type EmulatorOptions} from './index.js';

const {values} = parseArgs({
	options: {
		port: {type: 'string'},
		interval: {type: 'string'},
		'access-token-lifetime': {type: 'string'},
		'device-code-lifetime': {type: 'string'},
		cloud: {type: 'string'},
	},
});

const options: EmulatorOptions = {
	port: seconds(values.port, '--port'),
	interval: seconds(values.interval, '--interval'),
	accessTokenLifetimeSeconds: seconds(values['access-token-lifetime'], '--access-token-lifetime'),
	deviceCodeLifetimeSeconds: seconds(values['device-code-lifetime'], '--device-code-lifetime'),
	cloud: cloudOption(values.cloud),
};
// No top-level await: the bundle is CommonJS (scripts/build.js).
void (async () => {
	const emulator = await startEmulator(Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)));
	process.stdout.write(`${JSON.stringify({url: emulator.url})}\n`);

	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		process.once(signal, () => {
			void emulator.close().then(() => process.exit(0));
		});
	}
})();

function seconds(value: string | undefined, flag: string): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) {
		process.stderr.write(`${flag} needs a whole number, not "${value}".\n`);
		process.exit(2);
	}

	return parsed;
}

function cloudOption(value: string | undefined): EmulatorOptions['cloud'] {
	if (value === undefined || value === 'global' || value === 'china') {
		return value;
	}

	process.stderr.write(`--cloud is global or china, not "${value}".\n`);
	process.exit(2);
}
