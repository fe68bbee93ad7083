/**
 * The built msid copies on a desktop without xsel: clipboardy then runs its own xsel, which
 * the build ships in dist/fallbacks/ where the bundled clipboardy looks for it. On a private
 * Xvfb display, with a PATH that holds node and nothing else.
 */
import {constants} from 'node:fs';
import {access, mkdir, symlink} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {startEmulator} from '../../source/emulator/index.js';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, repoRoot, runMsid, type MsidEnv} from '../helpers/cli.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';
import {displayTest, missingXvfbTools, startXvfb, type XvfbDisplay} from '../helpers/xvfb.js';

const keyring = keychainPerTestFile();
let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let xvfb: XvfbDisplay | undefined;
let msid: MsidEnv;

test.before(async () => {
	if (missingXvfbTools()) {
		return;
	}

	xvfb = await startXvfb();
	emulator = await startEmulator({interval: 1});
	msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url, DISPLAY: xvfb.env.DISPLAY, MSID_CLIPBOARD_CLEAR_MS: '60000'});
	await signIn(msid.env);
});

test.after.always(async () => {
	await emulator?.close();
	await xvfb?.stop();
	await cleanupTempDirs();
});

displayTest('msid token --copy works without xsel on PATH, through the xsel the build ships', async t => {
	await access(path.join(repoRoot, 'dist', 'fallbacks', 'linux', 'xsel'), constants.X_OK);
	const onlyNode = path.join(await makeTempDir('msid-path-'), 'bin');
	await mkdir(onlyNode);
	await symlink(process.execPath, path.join(onlyNode, 'node'));

	const token = await runMsid(['token'], msid.env);
	t.is(token.code, 0, token.stderr);
	const copied = await runMsid(['token', '--copy'], {...msid.env, PATH: onlyNode});
	t.is(copied.code, 0, copied.stderr);
	t.is(await xvfb!.readClipboard(), token.stdout.trim());
});
