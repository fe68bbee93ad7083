/**
 * Tests that drive a system tool (a shell, tmux, Xvfb, gnome-keyring, Chromium, kubectl...).
 * A test whose tool is missing proves nothing, so it never passes: under CI (where `.ci/run`
 * installs every tool) it fails with the reason; on a developer's machine it is skipped, and
 * the reason, naming the package to install, is printed.
 */
import test, {type TestFn} from 'ava';

const printed = new Set<string>();

/**
 * `test` when nothing is missing; else a failing test under CI, a printed skip elsewhere.
 * `notPackagedHere` is for PowerShell and bash 3.2 alone: no Debian package provides them, so
 * their tests are skipped with their reason everywhere and the README lists them as untested.
 */
export function testNeeding(missing: string | undefined, options: {notPackagedHere?: boolean} = {}): TestFn {
	if (!missing) {
		return test;
	}

	if (process.env['CI'] && !options.notPackagedHere) {
		const failing = (title: string) => {
			test(title, t => {
				t.fail(`${missing} — CI must install it: add the package to .ci/run`);
			});
		};

		return Object.assign(failing, {serial: failing}) as unknown as TestFn;
	}

	if (!printed.has(missing)) {
		printed.add(missing);
		console.log(missing);
	}

	// test.skip has no .serial of its own: serial tests are skipped through test.serial.skip.
	const skipped = (...args: Parameters<typeof test.skip>) => {
		test.skip(...args);
	};

	return Object.assign(skipped, {serial: test.serial.skip}) as unknown as TestFn;
}

/** The first missing tool among several checks, or undefined. */
export function firstMissing(...checks: Array<string | undefined>): string | undefined {
	return checks.find(Boolean);
}
