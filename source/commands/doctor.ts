/**
 * msid doctor: what works and what does not, each with the reason in plain words — the
 * secret store, clipboard, browser opener, shell hook, the clock against each provider, and
 * for every account and tenant whether a silent refresh still works.
 */
import {printable} from '../model/printable.js';
import {randomBytes} from 'node:crypto';
import {accessSync, constants, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {MsidError} from '../model/errors.js';
import {skewThresholdMs} from '../identity/http.js';
import type {Runtime} from '../app/runtime/runtime.js';
import type {AccountRecord} from '../model/account.js';
import {openerCommand} from '../system/browser.js';
import {anyProxyVariable, chooseProxy, maskProxy} from '../system/proxy-choice.js';
import {chooseClipboard} from '../system/terminal-clipboard.js';
import {protectionOf} from '../storage/owner-only.js';
import type {Command, CommandContext} from './context.js';
import type {doctorSpec} from './spec/doctor.js';

/** Which proxy each provider is reached through (HTTPS_PROXY, NO_PROXY), credentials masked. */
function proxyCheck(env: NodeJS.ProcessEnv, accounts: AccountRecord[]): Check {
	if (!anyProxyVariable(env)) {
		return check('proxy', 'ok', 'none: connections go direct (HTTPS_PROXY is not set)');
	}

	const urls = new Map<string, URL>();
	for (const account of accounts) {
		const token = account.provider.endpoints?.token;
		if (token) {
			urls.set(new URL(token).host, new URL(token));
		}
	}

	if (urls.size === 0) {
		const proxy = chooseProxy(new URL('https://login.microsoftonline.com'), env);
		return check('proxy', 'ok', proxy ? `${maskProxy(proxy)} for https` : 'none for https (HTTP_PROXY only)');
	}

	const routes = [...urls].map(([host, url]) => {
		const proxy = chooseProxy(url, env);
		return proxy ? `${host} through ${maskProxy(proxy)}` : `${host} direct (NO_PROXY)`;
	});
	return check('proxy', 'ok', routes.join(', '));
}

/**
 * 'note': worth knowing, not wrong (no browser or clipboard on a server, an explicit file
 * store); only a 'fail' makes msid doctor exit 1. `ok` is false for a 'fail' alone.
 */
type Level = 'ok' | 'note' | 'fail';

interface Check {
	name: string;
	ok: boolean;
	level: Level;
	detail: string;
}

const check = (name: string, level: Level, detail: string): Check => ({name, ok: level !== 'fail', level, detail});
const label: Record<Level, string> = {ok: 'ok  ', note: 'note', fail: 'FAIL'};

interface AccountCheck {
	account: string;
	tenantId?: string;
	ok: boolean;
	state: 'refreshes' | 'needs-sign-in' | 'error';
	detail: string;
}

export const doctor: Command<typeof doctorSpec> = async ({options: values}, context) => {
	const accounts = (await context.services.accounts.list().catch(() => [])).map(view => view.record);
	const checks = [
		await secretStoreCheck(context.runtime),
		await clipboardCheck(context),
		browserCheck(context.runtime.env),
		shellHookCheck(context.runtime.env),
		proxyCheck(context.runtime.env, accounts),
		...(await clockChecks(context.runtime, accounts)),
	];
	const accountChecks: AccountCheck[] = [];
	for (const account of accounts) {
		accountChecks.push(...(await refreshChecks(context, account)));
	}

	if (values.json) {
		context.stdout.write(`${JSON.stringify({checks, accounts: accountChecks}, null, 2)}\n`);
	} else {
		for (const {level, name, detail} of checks) {
			context.stdout.write(`${label[level]}  ${name.padEnd(14)} ${printable(detail)}\n`);
		}

		for (const check of accountChecks) {
			const where = check.tenantId ? ` (tenant ${check.tenantId})` : '';
			context.stdout.write(`${check.ok ? 'ok  ' : 'FAIL'}  ${'account'.padEnd(14)} ${printable(`${check.account}${where}: ${check.detail}`)}\n`);
		}
	}

	return [...checks, ...accountChecks].every(({ok}) => ok) ? 0 : 1;
};

function failed(error: unknown): string {
	return error instanceof MsidError ? error.message : error instanceof Error ? error.message : String(error);
}

async function secretStoreCheck(runtime: Runtime): Promise<Check> {
	const name = 'secret store';
	const kind = runtime.secrets.kind === 'file' ? `plain file (MSID_STORE=file), protected only by ${protectionOf()}` : runtime.secrets.kind;
	const probe = `doctor/probe-${randomBytes(6).toString('hex')}`;
	try {
		await runtime.secrets.set(probe, 'probe');
		const read = await runtime.secrets.get(probe);
		await runtime.secrets.delete(probe);
		return read === 'probe'
			? check(name, runtime.secrets.kind === 'file' ? 'note' : 'ok', `${kind}: stores and reads secrets`)
			: check(name, 'fail', `${kind}: a secret written could not be read back`);
	} catch (error) {
		return check(name, 'fail', failed(error));
	}
}

async function clipboardCheck(context: CommandContext): Promise<Check> {
	const kind = chooseClipboard(context.runtime.env, process.platform, Boolean(process.stdout.isTTY || process.stderr.isTTY));
	if (kind === 'tmux') {
		return check('clipboard', 'ok', 'tmux\'s buffers, handed on to your terminal when tmux\'s set-clipboard is on');
	}

	if (kind === 'osc52') {
		return check('clipboard', 'ok', 'your terminal\'s, through OSC 52 (most terminal emulators accept it)');
	}

	try {
		// Read only to prove access; what it holds is nobody's business here.
		await context.services.clipboard.read();
		return check('clipboard', 'ok', 'readable and writable');
	} catch (error) {
		// A server has no clipboard: --copy and the dashboard's c need one, nothing else does.
		return check('clipboard', 'note', `${failed(error)} (only --copy and the dashboard's c need it)`);
	}
}

function browserCheck(env: NodeJS.ProcessEnv): Check {
	const {command} = openerCommand(process.platform, env);
	const found = onPath(command, env);
	return found
		? check('browser', 'ok', `opens pages with ${found}`)
		: check('browser', 'note', `${command} was not found (${openerPackage[process.platform] ?? 'set BROWSER'}); msid prints sign-in URLs instead`);
}

function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
	if (command.includes('/')) {
		return isExecutable(command) ? command : undefined;
	}

	return (env.PATH ?? '').split(path.delimiter).map(dir => path.join(dir, command)).find(candidate => isExecutable(candidate));
}

function isExecutable(file: string): boolean {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

const openerPackage: Partial<Record<NodeJS.Platform, string>> = {
	linux: 'install xdg-utils or set BROWSER',
	freebsd: 'install xdg-utils or set BROWSER',
	darwin: 'open is part of macOS: check PATH, or set BROWSER',
	win32: 'rundll32 is part of Windows: check PATH, or set BROWSER',
};

/** Where each shell reads its hook line, per platform (macOS Terminal starts bash as a login shell). */
const rcFiles = [
	'.bashrc',
	'.bash_profile',
	'.zshrc',
	'.config/fish/config.fish',
	'.config/powershell/Microsoft.PowerShell_profile.ps1',
	'Documents/PowerShell/Microsoft.PowerShell_profile.ps1',
	'Documents/WindowsPowerShell/Microsoft.PowerShell_profile.ps1',
];

function shellHookCheck(env: NodeJS.ProcessEnv): Check {
	const home = env.HOME ?? homedir();
	const installed = rcFiles.filter(file => {
		try {
			return /msid-env\s+--hook|shell\/msid\.(bash|zsh|fish|ps1)/.test(readFileSync(path.join(home, file), 'utf8'));
		} catch {
			return false;
		}
	});
	return installed.length > 0
		? check('shell hook', 'ok', `installed in ~/${installed.join(', ~/')}`)
		: check('shell hook', 'note', `not installed (optional): add eval "$(msid-env --hook bash)" to ~/${process.platform === 'darwin' ? '.bash_profile' : '.bashrc'}, or see the README for other shells`);
}

/** One request per provider host, comparing its Date header with the local clock. */
async function clockChecks(runtime: Runtime, accounts: AccountRecord[]): Promise<Check[]> {
	const targets = new Map<string, string>();
	for (const account of accounts) {
		const url = account.provider.endpoints?.token;
		if (url) {
			targets.set(new URL(url).host, url);
		}
	}

	const checks: Check[] = [];
	for (const [host, url] of targets) {
		try {
			const sentAt = runtime.clock.now();
			const response = await runtime.fetch(url, {method: 'GET', signal: AbortSignal.timeout(10_000)});
			await response.body?.cancel();
			const date = Date.parse(response.headers.get('date') ?? '');
			if (Number.isNaN(date)) {
				checks.push(check('clock', 'note', `${host} sends no Date header to compare with`));
				continue;
			}

			const skew = date - (sentAt + runtime.clock.now()) / 2;
			const minutes = Math.round(Math.abs(skew) / 60_000);
			checks.push(Math.abs(skew) > skewThresholdMs
				? check('clock', 'fail', `${minutes} min ${skew > 0 ? 'behind' : 'ahead of'} ${host}: fix the system clock (enable NTP); msid corrects token expiry meanwhile`)
				: check('clock', 'ok', `in step with ${host}`));
		} catch (error) {
			checks.push(check('clock', 'fail', `could not reach ${host}: ${failed(error)}`));
		}
	}

	return checks;
}

/** A silent refresh per account and tenant: the only honest way to know it still works. */
async function refreshChecks(context: CommandContext, account: AccountRecord): Promise<AccountCheck[]> {
	const tenants = account.provider.kind === 'entra' && account.kind === 'user' && account.tenants.length > 0 ? account.tenants.map(tenant => tenant.id) : [undefined];
	const results: AccountCheck[] = [];
	for (const tenantId of tenants) {
		try {
			await context.services.tokens.get({account: account.id, force: true, ...(tenantId ? {tenant: tenantId} : {}), signal: context.signal});
			results.push({account: account.name, ...(tenantId ? {tenantId} : {}), ok: true, state: 'refreshes', detail: 'a silent refresh works'});
		} catch (error) {
			const needsSignIn = error instanceof MsidError && error.code === 'sign-in-required';
			results.push({account: account.name, ...(tenantId ? {tenantId} : {}), ok: false, state: needsSignIn ? 'needs-sign-in' : 'error', detail: failed(error)});
		}
	}

	return results;
}
