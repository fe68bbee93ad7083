import {cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {execFile} from 'node:child_process';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL, fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';
import {build} from 'esbuild';
import {MsidError} from '../../source/model/errors.js';
import {completionPath, completionText, hookPath, hookText} from '../../source/shell-env/hooks.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

test('from source, each hook is the file in shell/, followed by the completion for msid', async t => {
	for (const [shell, file, completion] of [['bash', 'msid.bash', 'completion.bash'], ['zsh', 'msid.zsh', 'completion.zsh'], ['fish', 'msid.fish', 'completion.fish'], ['pwsh', 'msid.ps1', 'completion.ps1']] as const) {
		t.is(hookPath(shell), join(root, 'shell', file));
		t.is(completionPath(shell), join(root, 'shell', completion));
		t.is(completionText(shell), await readFile(join(root, 'shell', completion), 'utf8'));
		t.is(hookText(shell), `${await readFile(join(root, 'shell', file), 'utf8')}\n${await readFile(join(root, 'shell', completion), 'utf8')}`);
	}
});

test('from a bundle in dist/ or dist/chunks/, the hook is found in the sibling shell/', async t => {
	const packageDir = await mkdtemp(join(tmpdir(), 'msid-package-'));
	try {
		await cp(join(root, 'shell'), join(packageDir, 'shell'), {recursive: true});
		await mkdir(join(packageDir, 'dist'));
		const entry = join(packageDir, 'entry.ts');
		await writeFile(entry, `import {hookText} from ${JSON.stringify(join(root, 'source/shell-env/hooks.ts'))};\nprocess.stdout.write(hookText('zsh'));\n`);
		// Bundled like scripts/build.js: shared code lands in dist/chunks/.
		await build({
			entryPoints: {env: entry, other: entry},
			bundle: true,
			platform: 'node',
			format: 'esm',
			splitting: true,
			chunkNames: 'chunks/[name]-[hash]',
			outdir: join(packageDir, 'dist'),
			logLevel: 'silent',
		});
		const {stdout} = await run(process.execPath, [join(packageDir, 'dist', 'env.js')]);
		t.is(stdout, `${await readFile(join(root, 'shell', 'msid.zsh'), 'utf8')}\n${await readFile(join(root, 'shell', 'completion.zsh'), 'utf8')}`);
	} finally {
		await rm(packageDir, {recursive: true, force: true});
	}
});

test('an installation without shell/ says to reinstall', t => {
	const error = t.throws(() => hookPath('fish', pathToFileURL('/nonexistent/dist/env.js').href), {instanceOf: MsidError});
	t.is(error?.code, 'hook-missing');
});
