/**
 * A real browser for the browser sign-in tests: Debian's Chromium driven by playwright-core
 * (no browser download). Without it the tests are skipped with a message naming the package.
 */
import {accessSync, constants} from 'node:fs';
import {chromium, type Browser, type Page} from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
	try {
		accessSync(chromiumPath, constants.X_OK);
		return undefined;
	} catch {
		return `skipped: ${chromiumPath} is not installed (install the Debian package "chromium")`;
	}
}

export async function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: chromiumPath,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

/** A fresh profile (no cookies) per sign-in, closed when `run` ends. */
export async function withPage<T>(browser: Browser, run: (page: Page) => Promise<T>): Promise<T> {
	const context = await browser.newContext();
	try {
		return await run(await context.newPage());
	} finally {
		await context.close();
	}
}
