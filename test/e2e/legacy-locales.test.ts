/**
 * msid-env's output in the legacy CJK locales, where a backslash byte (0x5C) can be the second
 * byte of a character: GBK, GB18030, BIG5 and Shift_JIS, built with localedef. The emulator
 * serves users whose names put such characters next to quotes, backslashes and commands; each
 * signs in with the real msid, and the real msid-env's output is loaded in bash, zsh, dash and
 * fish running in each locale. Nothing may run, and MSID_ACCOUNT must hold exactly the UTF-8
 * bytes of the name. The whole injection corpus, each value also after such a character, goes
 * through msid-env's quoting into the same shells and locales.
 */
import {startEmulator} from '../../source/emulator/index.js';
import {approveDeviceCode} from '../helpers/emulator-approve.js';
import {directoryOfNames, keychainPerTestFile, namedUserPassword, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsidEnv} from '../helpers/cli.js';
import {backslashEnders, legacyLocaleDir, legacyLocales, legacyLocalesMissing} from '../helpers/legacy-locales.js';
import {firstMissing, testNeeding} from '../helpers/tool-gate.js';
import {missingToolMessage} from '../shell/tools.js';
import {evalInShell, shellsUnderTest} from '../shell-env/eval-in-shell.js';
import {renderExports} from '../../source/shell-env/emit.js';
import {asPrinted} from '../../source/shell-env/quote.js';
import {injectionCorpus} from '../fixtures/injection-corpus.js';

const keyring = keychainPerTestFile();
// Every POSIX shell and fish, in the locale under test (PowerShell reads no locale: its output is ASCII).
const shells = shellsUnderTest().filter(shell => shell.kind !== 'pwsh' && !shell.env?.['LC_ALL']);

/**
 * Per locale, three characters that end in 0x5C there, right before a quote, a backslash and
 * a command; and one name that mixes such characters of every encoding with every quote.
 */
function hostileNames(): string[] {
	const taken = new Set<string>();
	const names = legacyLocales.map(locale => {
		const enders = backslashEnders(locale.charmap, 3, taken).join('');
		return `${enders}'; touch CANARY; #\\'${enders}\\`;
	});
	names.push("表ソ能許功é'\\'$(touch CANARY)`touch CANARY`中'; touch CANARY; #\"\\\"");
	return names;
}

const missing = firstMissing(...shells.map(shell => (shell.binary ? undefined : missingToolMessage(shell.label, shell.package))), legacyLocalesMissing());

testNeeding(missing)('hostile names in GBK, GB18030, BIG5 and Shift_JIS locales: bash, zsh, dash and fish run nothing and keep every byte', async t => {
	t.timeout(240_000);
	const localeDir = legacyLocaleDir();
	const names = hostileNames();
	t.is(new Set(names).size, names.length, 'each name is another user');
	const emulator = await startEmulator({interval: 1, directory: directoryOfNames(names)});
	t.teardown(async () => emulator.close());

	const signedIn = await Promise.all(names.map(async (name, index) => {
		const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator.url});
		await signIn(msid.env, [], async (userCode, verificationUri) => approveDeviceCode({verificationUri, userCode, username: name, password: namedUserPassword(index)}));
		return {name, msid};
	}));

	const problems: string[] = [];
	for (const shell of shells) {
		for (const [index, {name, msid}] of signedIn.entries()) {
			const output = await runMsidEnv(['--shell', shell.kind], msid.env);
			t.is(output.code, 0, output.stderr);
			if (shell.kind === 'fish') {
				t.regex(output.stdout, /^[\x20-\x7E\n]*$/, 'fish gets pure ASCII');
			}

			for (const locale of legacyLocales) {
				const where = `${shell.label} in ${locale.name}, name ${index}`;
				const result = await evalInShell({...shell, env: {LOCPATH: await localeDir, LC_ALL: locale.name}}, output.stdout).catch((error: unknown) => {
					problems.push(`${where}: the shell failed: ${String(error)}`);
					return undefined;
				});
				if (result?.canaryCreated) {
					problems.push(`${where}: ran code`);
				}

				const account = result?.environment.get('MSID_ACCOUNT');
				if (result && !account?.equals(Buffer.from(name, 'utf8'))) {
					problems.push(`${where}: came back as ${account?.toString('hex') ?? 'nothing'}`);
				}

				if (result?.stderr) {
					problems.push(`${where}: said ${result.stderr.trim()}`);
				}
			}
		}
	}

	t.deepEqual(problems, []);
});

testNeeding(missing)('the injection corpus, each value also after a character ending in 0x5C, round-trips and runs nothing in every legacy locale', async t => {
	t.timeout(240_000);
	const localeDir = await legacyLocaleDir();
	const problems: string[] = [];
	for (const locale of legacyLocales) {
		const [ender = ''] = backslashEnders(locale.charmap, 1, new Set());
		const values = [...injectionCorpus, ...injectionCorpus.map(value => `${ender}${value}`)];
		for (const shell of shells) {
			const code = renderExports(shell.kind, values.map((value, index) => [`MSID_T_${index}`, value]));
			const result = await evalInShell({...shell, env: {LOCPATH: localeDir, LC_ALL: locale.name}}, code);
			const where = `${shell.label} in ${locale.name}`;
			if (result.canaryCreated) {
				problems.push(`${where}: a value ran as code`);
			}

			const wrong = values.filter((value, index) => !result.environment.get(`MSID_T_${index}`)?.equals(Buffer.from(asPrinted(value), 'utf8')));
			problems.push(...wrong.slice(0, 3).map(value => `${where}: ${JSON.stringify(value.slice(0, 60))} came back changed`));
			if (result.stderr) {
				problems.push(`${where}: said ${result.stderr.trim().slice(0, 200)}`);
			}
		}
	}

	t.deepEqual(problems, []);
});
