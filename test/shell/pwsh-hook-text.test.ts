/**
 * The PowerShell hook, checked as text where PowerShell cannot run (it has no Debian package;
 * hooks.test.ts and test/e2e/shell-hook.test.ts run it for real where pwsh is installed). These
 * checks pin the parts of its design that keep the prompt safe: values from the environment
 * reach a number only through the digits guard, the prompt waits only for `--cached`, and the
 * hook is an alias so that a prompt function defined after it still gets it.
 */
import {readFileSync} from 'node:fs';
import test from 'ava';
import {hookText} from '../../source/shell-env/hooks.js';

const hook = readFileSync(new URL('../../shell/msid.ps1', import.meta.url), 'utf8');
const code = hook.split('\n').filter(line => !line.trimStart().startsWith('#')).join('\n');

/** The body of a global function in the hook. */
function body(name: string): string {
	const start = code.search(new RegExp(`function global:${name}[\\s({]`));
	if (start === -1) {
		throw new Error(`no function ${name}`);
	}

	const next = code.indexOf('\nfunction global:', start + 1);
	return code.slice(start, next === -1 ? undefined : next);
}

test('MSID_TOKEN_EXPIRES_ON and MSID_TOKEN_REFRESH_AT are read only through the digits guard', t => {
	const reads = [...code.matchAll(/(\S+\s+)?\$env:(MSID_TOKEN_EXPIRES_ON|MSID_TOKEN_REFRESH_AT)\b/g)];
	t.true(reads.length >= 2);
	for (const [read, before] of reads) {
		// Read as a number through the guard, or only tested for being set.
		t.true(['__msid_epoch', '-not'].includes(before?.trim() ?? ''), read);
	}

	// MSID_HOOK_RETRY_SECONDS is checked where it is read.
	for (const [line] of code.matchAll(/^.*\$env:MSID_HOOK_RETRY_SECONDS.*$/gm)) {
		t.regex(line, /-cmatch '\^\[0-9\]\{1,6\}\\z'\) \{ \[long\] \$env:MSID_HOOK_RETRY_SECONDS \}/);
	}
});

test('the digits guard lets plain digits through and nothing else', t => {
	const guard = body('__msid_epoch');
	// -cmatch: .NET's \d would take other scripts' digits, and $ a trailing newline: [0-9] and \z.
	const match = /if \(\$value -cmatch '([^']+)'\) \{ return \[long\] \$value \}/.exec(guard);
	t.truthy(match, guard);
	t.is(match![1], '^[0-9]{1,15}\\z');
	const pattern = new RegExp(match![1]!.replace(/\\z$/, '$'), 'u');
	for (const hostile of ['a[$(touch CANARY)]', '1e9', '-1', '$(touch CANARY)', '9'.repeat(400), '0x10', '1 + 1', ' 1', '1\n', '١٢٣', '', '1'.repeat(16)]) {
		t.false(pattern.test(hostile), JSON.stringify(hostile));
	}

	for (const plain of ['0', '1700000000', '9'.repeat(15)]) {
		t.true(pattern.test(plain), plain);
	}
});

test('a prompt waits for no refresh: the one run it waits for is --cached, which never contacts the provider', t => {
	const waiting = [...code.matchAll(/^function global:(\w+)[^]*?(?=^function global:|(?![^]))/gm)]
		.filter(([text]) => /WaitForExit\(\)|GetAwaiter\(\)\.GetResult\(\)/.test(text))
		.map(([, name]) => name);
	t.deepEqual(waiting.sort(), ['__msid_apply_cached', '__msid_collect']);
	t.regex(body('__msid_apply_cached'), /__msid_spawn \$program @\('--shell', 'pwsh', '--cached'\)/);
	// The collector waits only for a process that has already exited.
	t.regex(body('__msid_collect'), /if \(\$job\.Process\.HasExited\) \{\s*\$job\.Process\.WaitForExit\(\)/);
	t.notRegex(body('__msid_start_refresh'), /Wait|GetResult/);
});

test('the hook is an alias named prompt that hands the prompt function $? and $LASTEXITCODE unchanged', t => {
	t.regex(code, /^Set-Alias -Name prompt -Value __msid_prompt -Scope Global -Force$/m);
	t.notRegex(code, /function global:prompt\b/, 'the user\'s prompt function is never replaced');
	const wrapper = body('__msid_prompt');
	const statements = wrapper.split('\n').slice(1).map(line => line.trim()).filter(Boolean);
	t.is(statements[0], '$status = $?', '$? is read before any statement changes it');
	t.is(statements[1], '$exitCode = Get-Variable -Name LASTEXITCODE -Scope Global -ErrorAction Ignore');
	t.regex(wrapper, /\$null = & \{\n\s*Set-StrictMode -Off\n\s*try \{ __msid_prompt_hook \} catch \{ \}\n\s*\}\n\s*if \(\$exitCode\) \{ \$global:LASTEXITCODE = \$exitCode\.Value \}\n/);
	// The statement right before the prompt function runs leaves $? as it was.
	t.regex(wrapper, /if \(\$status\) \{ \$null = \$status \} else \{ Write-Error 'msid' -ErrorAction Ignore \}\n\s*if \(\$inner\) \{ & \$inner \}/);
});

test('what msid-env --hook pwsh prints (hook and completion) is pure ASCII with LF line ends: no console code page can change it', t => {
	t.true(/^[\x09\x0A\x20-\x7E]*$/.test(hookText('pwsh')));
	t.true(hookText('pwsh').startsWith(hook));
});
