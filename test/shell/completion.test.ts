/**
 * The completion scripts in real interactive bash, zsh and fish, driven through tmux and
 * installed the way a user does: the prompt hook's one line (which also brings completion).
 * Tab completes commands, options, option values and account names read from config; hostile
 * account names (they come from identity servers) are inserted as one quoted word that the
 * shell hands back byte for byte, and never run. PowerShell is not packaged here: its script is
 * checked as text only.
 */
import {chmod, mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {existsSync} from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {cliPath, envPath, repoRoot} from '../helpers/cli.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';
import {missingTmux, TmuxPane} from '../helpers/tmux.js';
import {testNeeding} from '../helpers/tool-gate.js';
import {findTool, missingToolMessage} from './tools.js';

test.after.always(cleanupTempDirs);

type Shell = 'bash' | 'zsh' | 'zsh-compinit-later' | 'fish';

/** Account names as an identity server might send them. */
const hostile = {
	substitution: 'x$(touch PWNED1)y',
	backticks: 'y`touch PWNED2`',
	quotes: 'z\'; touch PWNED3; echo "',
};
const escapeSequence = 'w\u001B]0;owned\u0007';
const accountNames = ['alice@contoso.onmicrosoft.com', 'bob@fabrikam.com', ...Object.values(hostile), escapeSequence, '-rf'];

function config(): string {
	const accounts = Object.fromEntries(accountNames.map((name, index) => [`id${index}`, {
		id: `id${index}`, name, kind: 'user', provider: {kind: 'entra', clientId: 'c'}, flow: 'device-code', scopes: [], tenants: [], store: 'keychain', tokens: {}, createdAt: 0,
	}]));
	return JSON.stringify({version: 1, accounts});
}

/**
 * The rc file: a plain prompt, a `msid` function that records its arguments (completion calls
 * the real one with `command`), then the hook's one line. The arguments are written aside and
 * renamed into place, so the test never reads a file the shell has created but not yet written.
 */
function rc(shell: Shell): string {
	switch (shell) {
		case 'bash': {
			return [
				'PS1="$ "',
				'msid() { printf "<%s>\\n" "$@" > "$HOME/args.part" && mv "$HOME/args.part" "$HOME/args"; }',
				'eval "$(msid-env --hook bash)"',
				'',
			].join('\n');
		}

		case 'zsh':
		case 'zsh-compinit-later': {
			const compinit = 'autoload -Uz compinit && compinit -u';
			return [
				'PS1="$ "',
				'msid() { printf "<%s>\\n" "$@" > "$HOME/args.part" && mv "$HOME/args.part" "$HOME/args"; }',
				...(shell === 'zsh' ? [compinit, 'eval "$(msid-env --hook zsh)"'] : ['eval "$(msid-env --hook zsh)"', compinit]),
				'',
			].join('\n');
		}

		case 'fish': {
			return [
				'function fish_prompt; echo -n "\\$ "; end',
				'function fish_greeting; end',
				'function msid; printf "<%s>\\n" $argv > $HOME/args.part; and mv $HOME/args.part $HOME/args; end',
				'msid-env --hook fish | source',
				'',
			].join('\n');
		}
	}
}

async function startShell(shell: Shell): Promise<{pane: TmuxPane; home: string}> {
	const home = await makeTempDir('msid-completion-');
	const bin = path.join(home, 'bin');
	const configDir = path.join(home, 'config');
	await mkdir(bin);
	await mkdir(configDir);
	await writeFile(path.join(configDir, 'config.json'), config());
	for (const [name, script] of [['msid', cliPath], ['msid-env', envPath]]) {
		await writeFile(path.join(bin, name!), `#!/bin/sh\nexec "${process.execPath}" "${script}" "$@"\n`);
		await chmod(path.join(bin, name!), 0o755);
	}

	const rcFile = path.join(home, shell === 'fish' ? 'config.fish' : shell.startsWith('zsh') ? '.zshrc' : '.bashrc');
	await writeFile(rcFile, rc(shell));
	const command = shell === 'bash'
		? ['bash', '--noprofile', '--rcfile', rcFile, '-i']
		: shell === 'fish' ? ['fish', '--no-config', '-i', '-C', `source ${rcFile}`] : ['zsh', '-i'];
	const pane = await TmuxPane.start({
		command,
		cwd: home,
		env: {
			PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`,
			HOME: home,
			ZDOTDIR: home,
			LC_ALL: 'C.UTF-8',
			MSID_CONFIG_DIR: configDir,
			// The hook's own work is not under test here: its msid-env does nothing.
			MSID_ENV_COMMAND: 'true',
			// No keychain to reach: completion must not need one.
			DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
			XDG_DATA_HOME: path.join(home, 'data'),
			XDG_CONFIG_HOME: path.join(home, 'xdg-config'),
		},
	});
	await pane.waitFor(screen => /^\$$/m.test(screen), 'the first prompt');
	return {pane, home};
}

/** Types `text`, presses Tab and waits for the line to become `expected` (tmux drops trailing spaces). */
async function complete(pane: TmuxPane, text: string, expected: string): Promise<void> {
	await pane.press('C-u');
	await pane.type(text);
	await pane.press('Tab');
	await pane.waitFor(screen => screen.split('\n').some(line => line.trimEnd() === `$ ${expected}`.trimEnd()), `"${text}" + Tab to become "${expected}"`, 10_000);
}

/** Presses Enter on the completed line and returns what the msid function received. */
async function run(pane: TmuxPane, home: string): Promise<string[]> {
	const file = path.join(home, 'args');
	await pane.press('Enter');
	const deadline = Date.now() + 10_000;
	while (!existsSync(file) && Date.now() < deadline) {
		await new Promise(resolve => setTimeout(resolve, 50));
	}

	const text = await readFile(file, 'utf8');
	await rm(file);
	return text.split('\n').filter(Boolean).map(line => line.slice(1, -1));
}

const binaries: Record<Shell, string> = {bash: 'bash', zsh: 'zsh', 'zsh-compinit-later': 'zsh', fish: 'fish'};

for (const shell of ['bash', 'zsh', 'zsh-compinit-later', 'fish'] as const) {
	const missing = findTool(binaries[shell]) ? missingTmux() : missingToolMessage(binaries[shell], binaries[shell]);
	const inShell = (title: string, body: (t: ExecutionContext, pane: TmuxPane, home: string) => Promise<void>) => {
		testNeeding(missing)(`${shell}: ${title}`, async t => {
			const {pane, home} = await startShell(shell);
			try {
				await body(t, pane, home);
			} catch (error) {
				t.log(await pane.everything());
				throw error;
			} finally {
				await pane.stop();
			}
		});
	};

	inShell('Tab completes commands, options and option values', async (t, pane, home) => {
		await complete(pane, 'msid tok', 'msid token ');
		await complete(pane, 'msid token --res', 'msid token --resource ');
		await complete(pane, 'msid token --format j', 'msid token --format json ');
		await complete(pane, 'msid help lo', 'msid help log');
		await complete(pane, 'msid completion f', 'msid completion fish ');
		t.deepEqual(await run(pane, home), ['completion', 'fish']);
	});

	inShell('Tab completes account names from config, without a keychain', async (t, pane, home) => {
		await complete(pane, 'msid use al', 'msid use alice@contoso.onmicrosoft.com ');
		t.deepEqual(await run(pane, home), ['use', 'alice@contoso.onmicrosoft.com']);
		await complete(pane, 'msid token --format raw b', 'msid token --format raw bob@fabrikam.com ');
		t.deepEqual(await run(pane, home), ['token', '--format', 'raw', 'bob@fabrikam.com']);
	});

	inShell('hostile account names are inserted as one quoted word and never run', async (t, pane, home) => {
		for (const name of Object.values(hostile)) {
			await pane.press('C-u');
			await pane.type(`msid logout ${name[0]!}`);
			await pane.press('Tab');
			// The completed line ends with the name's last character, quoted the shell's way.
			await pane.waitFor(screen => screen.split('\n').some(line => line.startsWith('$ msid logout ') && line.length > `$ msid logout ${name[0]!}`.length + 3), `the name starting with ${name[0]!}`, 10_000);
			t.deepEqual(await run(pane, home), ['logout', name], `${name} came back other than it is`);
		}

		for (const marker of ['PWNED1', 'PWNED2', 'PWNED3']) {
			t.false(existsSync(path.join(home, marker)), `completing ran code from an account name (${marker})`);
		}

		// A name with an escape sequence, or one that reads as an option, is not offered at all.
		await complete(pane, 'msid use w', 'msid use w');
		await complete(pane, 'msid use -r', 'msid use -r');
		t.notRegex(await pane.everything(), /owned|-rf/);
	});
}

test('PowerShell: the script is generated and well formed (checked as text: PowerShell is not packaged here)', async t => {
	const {completionText} = await import('../../source/shell-env/hooks.js');
	const script = completionText('pwsh');
	t.regex(script, /^Register-ArgumentCompleter -Native -CommandName msid -ScriptBlock \{$/m);
	t.regex(script, /& msid @arguments/);
	// msid's UTF-8 is read as UTF-8 whatever the console's code page, and the code page is put back.
	t.regex(script, /\$encoding = \[Console\]::OutputEncoding\n\s*try \{\n\s*\[Console\]::OutputEncoding = \[Text\.UTF8Encoding\]::new\(\$false\)\n\s*\$lines = @\(& msid @arguments 2>\$null\)\n\s*\} finally \{\n\s*\[Console\]::OutputEncoding = \$encoding\n/);
	t.regex(script, /"--word=\$_"/);
	// Balanced braces and brackets outside strings and comments.
	const code = script.split('\n').filter(line => !line.trimStart().startsWith('#')).join('\n').replaceAll(/'[^'\n]*'|"[^"\n]*"/g, '""');
	for (const [open, close] of [['{', '}'], ['(', ')'], ['[', ']']] as const) {
		t.is(code.split(open).length, code.split(close).length, `unbalanced ${open}${close}`);
	}

	// The quoting rule, applied as PowerShell's -replace would: every kind of single quote doubled,
	// so a hostile name cannot end the quoted word early.
	const rule = /-replace "\((\[[^\]]+\])\)", '\$1\$1'/.exec(script);
	t.truthy(rule, 'the script doubles single quotes');
	const pattern = new RegExp(`(${rule![1]!})`, 'gu');
	for (const name of [...Object.values(hostile), 'a\u2019; Remove-Item -Recurse ~; \u2018', 'q\u201Bx\u201Ay']) {
		const quoted = `'${name.replace(pattern, '$1$1')}'`;
		const inner = quoted.slice(1, -1);
		t.false(/(^|[^'\u2018-\u201B])['\u2018-\u201B]([^'\u2018-\u201B]|$)/u.test(inner.replaceAll(/(['\u2018-\u201B])\1/gu, '')), `a lone quote survives in ${quoted}`);
	}
});

testNeeding(findTool('pwsh') ? undefined : 'skipped: pwsh is not installed (PowerShell has no Debian package)', {notPackagedHere: true})(
	'PowerShell: Tab completes commands through the script',
	async t => {
		const {execFile} = await import('node:child_process');
		const {promisify} = await import('node:util');
		const script = path.join(repoRoot, 'shell', 'completion.ps1');
		const {stdout} = await promisify(execFile)('pwsh', ['-NoProfile', '-Command', `. ${script}; (TabExpansion2 -inputScript 'msid tok' -cursorColumn 8).CompletionMatches.CompletionText`]);
		t.is(stdout.trim(), 'token');
	},
);
