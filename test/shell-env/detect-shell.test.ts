import {mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import test from 'ava';
import {detectShell} from '../../source/shell-env/detect-shell.js';
import {parentProcessName} from '../../source/system/parent-process.js';
import {makeTempDir} from '../helpers/temp-dirs.js';

/** PSModulePath as Windows sets it for every process (cmd.exe, Explorer, Git Bash started from the Start menu). */
const windowsDefault = String.raw`C:\Program Files\WindowsPowerShell\Modules;C:\WINDOWS\system32\WindowsPowerShell\v1.0\Modules`;
/** As PowerShell 7 on Windows hands it to the programs it starts. */
const pwsh7Windows = String.raw`C:\Users\me\Documents\PowerShell\Modules;C:\Program Files\PowerShell\Modules;c:\program files\powershell\7\Modules;${windowsDefault}`;
/** As Windows PowerShell 5.1 hands it on. */
const windowsPowerShell = String.raw`C:\Users\me\Documents\WindowsPowerShell\Modules;${windowsDefault}`;
/** As pwsh on Linux hands it on. */
const pwshLinux = '/home/me/.local/share/powershell/Modules:/usr/local/share/powershell/Modules:/opt/microsoft/powershell/7/Modules';

test('$SHELL names the shell by its program name', t => {
	t.is(detectShell({SHELL: '/bin/bash'}), 'bash');
	t.is(detectShell({SHELL: '/usr/local/bin/zsh'}), 'zsh');
	t.is(detectShell({SHELL: '/usr/bin/fish'}), 'fish');
	t.is(detectShell({SHELL: '/opt/microsoft/powershell/7/pwsh'}), 'pwsh');
	t.is(detectShell({SHELL: String.raw`C:\Program Files\PowerShell\7\pwsh.exe`}), 'pwsh');
	t.is(detectShell({SHELL: '/usr/bin/powershell'}), 'pwsh');
	t.is(detectShell({SHELL: '/bin/dash'}), 'posix');
	t.is(detectShell({SHELL: '/bin/sh'}), 'posix');
	t.is(detectShell({SHELL: '/bin/tcsh'}), 'posix');
	t.is(detectShell({}), 'posix');
});

test('without $SHELL, a PSModulePath that PowerShell handed on means PowerShell', t => {
	t.is(detectShell({PSModulePath: pwsh7Windows}), 'pwsh');
	t.is(detectShell({PSModulePath: windowsPowerShell}), 'pwsh');
	t.is(detectShell({PSModulePath: pwshLinux}), 'pwsh');
	t.is(detectShell({PSModulePath: `${pwsh7Windows};`}), 'pwsh', 'a trailing separator');
	t.is(detectShell({PSModulePath: 'D:\\OneDrive\\Dokumente\\PowerShell\\Modules\\'}), 'pwsh', 'a moved Documents folder, a trailing backslash');
});

test('Windows\' own PSModulePath, an inherited one under a POSIX shell, or a set $SHELL: not PowerShell', t => {
	t.is(detectShell({PSModulePath: windowsDefault}), 'posix', 'every Windows process has this one');
	t.is(detectShell({PSModulePath: pwsh7Windows, SHLVL: '1'}), 'posix', 'bash started from PowerShell inherits PSModulePath but sets SHLVL');
	t.is(detectShell({PSModulePath: pwshLinux, SHLVL: '2'}), 'posix');
	t.is(detectShell({PSModulePath: pwshLinux, SHELL: '/bin/zsh'}), 'zsh', '$SHELL, when set, is the better word');
	t.is(detectShell({PSModulePath: '/home/me/Modules:/opt/tools/modules'}), 'posix', 'folders that are not PowerShell\'s');
	t.is(detectShell({PSModulePath: ''}), 'posix');
});

test('a PowerShell parent means PowerShell, whatever $SHELL says (pwsh started from bash keeps SHELL=/bin/bash)', t => {
	t.is(detectShell({SHELL: '/bin/bash'}, 'pwsh'), 'pwsh');
	t.is(detectShell({}, 'powershell.exe'), 'pwsh');
	t.is(detectShell({SHELL: '/bin/bash'}, 'bash'), 'bash');
	t.is(detectShell({SHELL: '/usr/bin/fish'}, 'node'), 'fish');
	t.is(detectShell({PSModulePath: pwshLinux, SHLVL: '1'}, 'bash'), 'posix');
});

test('the parent\'s name comes from /proc on Linux only, and nothing when it cannot be read', async t => {
	const proc = await makeTempDir('msid-proc-');
	await mkdir(join(proc, '42'));
	await writeFile(join(proc, '42', 'comm'), 'pwsh\n');
	t.is(parentProcessName(42, proc, 'linux'), 'pwsh');
	t.is(parentProcessName(42, proc, 'darwin'), undefined);
	t.is(parentProcessName(43, proc, 'linux'), undefined);
	// This process's real parent, through the real /proc: the program that started the test worker.
	t.is(typeof parentProcessName(), process.platform === 'linux' ? 'string' : 'undefined');
});
