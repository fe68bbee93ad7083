/**
 * msid doctor: what works and what does not, each with the reason in plain words — the
 * secret store, clipboard, browser opener, shell hook, the clock against each provider, and
 * for every account and tenant whether a silent refresh still works.
 */
import {randomBytes} from 'node:crypto';
import {accessSync, constants, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {MsidError} from '../model/errors.js';
import {skewThresholdMs} from '../identity/http.js';
import type {Runtime} from '../app/runtime/runtime.js';
import type {AccountRecord} from '../model/account.js';
import {openerCommand} from '../system/browser.js';
import type {Command, CommandContext} from './context.js';
import type {doctorSpec} from './spec/doctor.js';

interface Check {
	name: string;
	ok: boolean;
	detail: string;
}

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
		...(await clockChecks(context.runtime, accounts)),
	];
	const accountChecks: AccountCheck[] = [];
	for (const account of accounts) {
		accountChecks.push(...(await refreshChecks(context, account)));
	}

	if (values.json) {
		context.stdout.write(`${JSON.stringify({checks, accounts: accountChecks}, null, 2)}\n`);
	} else {
		for (const check of checks) {
			context.stdout.write(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name.padEnd(14)} ${check.detail}\n`);
		}

		for (const check of accountChecks) {
			const where = check.tenantId ? ` (tenant ${check.tenantId})` : '';
			context.stdout.write(`${check.ok ? 'ok  ' : 'FAIL'}  ${'account'.padEnd(14)} ${check.account}${where}: ${check.detail}\n`);
		}
	}

	return [...checks, ...accountChecks].every(check => check.ok) ? 0 : 1;
};

function failed(error: unknown): string {
	return error instanceof MsidError ? error.message : error instanceof Error ? error.message : String(error);
}

async function secretStoreCheck(runtime: Runtime): Promise<Check> {
	const name = 'secret store';
	const kind = runtime.secrets.kind === 'file' ? 'plain file (MSID_STORE=file): insecure' : runtime.secrets.kind;
	const probe = `doctor/probe-${randomBytes(6).toString('hex')}`;
	try {
		await runtime.secrets.set(probe, 'probe');
		const read = await runtime.secrets.get(probe);
		await runtime.secrets.delete(probe);
		return read === 'probe'
			? {name, ok: runtime.secrets.kind !== 'file', detail: `${kind}: stores and reads secrets`}
			: {name, ok: false, detail: `${kind}: a secret written could not be read back`};
	} catch (error) {
		return {name, ok: false, detail: failed(error)};
	}
}

async function clipboardCheck(context: CommandContext): Promise<Check> {
	try {
		// Read only to prove access; what it holds is nobody's business here.
		await context.services.clipboard.read();
		return {name: 'clipboard', ok: true, detail: 'readable and writable'};
	} catch (error) {
		return {name: 'clipboard', ok: false, detail: failed(error)};
	}
}

function browserCheck(env: NodeJS.ProcessEnv): Check {
	const {command} = openerCommand(process.platform, env);
	const found = onPath(command, env);
	return found
		? {name: 'browser', ok: true, detail: `opens pages with ${found}`}
		: {name: 'browser', ok: false, detail: `${command} was not found: install xdg-utils or set BROWSER; msid prints URLs instead`};
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

const rcFiles = ['.bashrc', '.zshrc', '.config/fish/config.fish', '.config/powershell/Microsoft.PowerShell_profile.ps1'];

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
		? {name: 'shell hook', ok: true, detail: `installed in ~/${installed.join(', ~/')}`}
		: {name: 'shell hook', ok: true, detail: 'not installed (optional): add eval "$(msid-env --hook bash)" to ~/.bashrc, or see the README for other shells'};
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
				checks.push({name: 'clock', ok: true, detail: `${host} sends no Date header to compare with`});
				continue;
			}

			const skew = date - (sentAt + runtime.clock.now()) / 2;
			const minutes = Math.round(Math.abs(skew) / 60_000);
			checks.push(Math.abs(skew) > skewThresholdMs
				? {name: 'clock', ok: false, detail: `${minutes} min ${skew > 0 ? 'behind' : 'ahead of'} ${host}: fix the system clock (enable NTP); msid corrects token expiry meanwhile`}
				: {name: 'clock', ok: true, detail: `in step with ${host}`});
		} catch (error) {
			checks.push({name: 'clock', ok: false, detail: `could not reach ${host}: ${failed(error)}`});
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
