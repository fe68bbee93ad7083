/**
 * msid-env's PowerShell code, checked as text (PowerShell has no Debian package: where it is
 * installed, quote-real-shells.test.ts runs the same corpus through the real one).
 *
 * PowerShell reads a program's output through the console's code page (437, 850, 932, 936,
 * 949, 950...) unless UTF-8 mode is on. So the code must be pure ASCII, every code page must
 * decode it to the very same text, and that text, evaluated, must give back each value.
 */
import {readFileSync} from 'node:fs';
import test from 'ava';
import {asPrinted} from '../../source/shell-env/quote.js';
import {renderEnvUpdate} from '../../source/shell-env/plan.js';
import {injectionCorpus} from '../fixtures/injection-corpus.js';
import {evalPwsh, PwshRefused} from './pwsh-eval.js';

/** msid-env's whole output for one value: the token and the account, and a variable removed. */
function pwshCode(value: string): string {
	return renderEnvUpdate('pwsh', {unset: ['MSID_TENANT_ID'], set: [['MSID_ACCESS_TOKEN', value], ['MSID_ACCOUNT', value]]});
}

/** Decodes bytes 0x00-0x7F with a table read from the Unicode Consortium's mapping file rows. */
function tableDecoder(file: string): (bytes: Uint8Array) => string {
	const table = new Map<number, number>();
	const text = readFileSync(new URL(`../fixtures/code-pages/${file}`, import.meta.url), 'utf8');
	for (const line of text.split('\n')) {
		const row = /^0x([\da-f]{2})\t0x([\da-f]{4})\t#/i.exec(line);
		if (row) {
			table.set(Number.parseInt(row[1]!, 16), Number.parseInt(row[2]!, 16));
		}
	}

	if (table.size !== 128 || [...table.keys()].some(byte => byte > 0x7F)) {
		throw new Error(`${file} must map exactly the bytes 0x00-0x7F`);
	}

	return bytes =>
		Array.from(bytes, byte => {
			const code = table.get(byte);
			if (code === undefined) {
				throw new Error(`byte 0x${byte.toString(16)} is outside the table`);
			}

			return String.fromCodePoint(code);
		}).join('');
}

const utf8Decoder = (label: string) => {
	const decoder = new TextDecoder(label);
	return (bytes: Uint8Array) => decoder.decode(bytes);
};

const codePages: Array<[string, (bytes: Uint8Array) => string]> = [
	['cp437', tableDecoder('CP437-0x00-0x7f.TXT')],
	['cp850', tableDecoder('CP850-0x00-0x7f.TXT')],
	// The WHATWG names Node knows for Windows' CJK code pages.
	['cp932', utf8Decoder('shift_jis')],
	['cp936', utf8Decoder('gbk')],
	['cp949', utf8Decoder('euc-kr')],
	['cp950', utf8Decoder('big5')],
];

const label = (value: string) => (value.length > 50 ? `${JSON.stringify(value.slice(0, 47))}… (${value.length} chars)` : JSON.stringify(value));

test('the code for every corpus value is pure ASCII', t => {
	const offenders = injectionCorpus.filter(value => Buffer.from(pwshCode(value), 'utf8').some(byte => byte > 0x7F));
	t.deepEqual(offenders.map(label), []);
});

test('decoded as cp437, cp850, cp932, cp936, cp949 and cp950, the code is the same text for every corpus value', t => {
	const problems: string[] = [];
	for (const value of injectionCorpus) {
		const code = pwshCode(value);
		const bytes = Buffer.from(code, 'utf8');
		for (const [name, decode] of codePages) {
			if (decode(bytes) !== code) {
				problems.push(`${name}: ${label(value)}`);
			}
		}
	}

	t.deepEqual(problems, []);
});

test('the code-page decoders are the real thing: a non-ASCII byte decodes differently in each', t => {
	// The checks above would prove nothing if every decoder were the identity: 0x81 0x66 is a
	// typographic quote in cp932, and the tables know nothing past 0x7F.
	t.is(utf8Decoder('shift_jis')(Buffer.from([0x81, 0x66])), '\u2019');
	t.not(utf8Decoder('gbk')(Buffer.from([0xD6, 0xD0])), '\uFFFD\uFFFD');
	t.throws(() => codePages[0]![1](Buffer.from([0x80])), {message: /outside the table/});
});

test('evaluated, the code gives back every corpus value exactly, and removes what it removes', t => {
	const problems: string[] = [];
	for (const value of injectionCorpus) {
		const env = new Map([['MSID_TENANT_ID', 'old'], ['OTHER', 'kept']]);
		try {
			evalPwsh(pwshCode(value), env);
		} catch (error) {
			problems.push(`${label(value)}: ${String(error)}`);
			continue;
		}

		// A lone surrogate cannot be printed as UTF-8: msid prints U+FFFD, and quotes that.
		const expected = asPrinted(value);
		if (env.get('MSID_ACCESS_TOKEN') !== expected || env.get('MSID_ACCOUNT') !== expected || env.has('MSID_TENANT_ID') || env.get('OTHER') !== 'kept') {
			problems.push(`${label(value)}: came back as ${label(env.get('MSID_ACCESS_TOKEN') ?? '(unset)')}`);
		}
	}

	t.deepEqual(problems, []);
});

test('the interpreter refuses code in which an injected statement would run', t => {
	const injected = [
		"$env:X = 'a';touch CANARY;''\n",
		"$env:X = 'a'\ntouch CANARY\n",
		"$env:X = 'a' + (touch CANARY)\n",
		'$env:X = "$(touch CANARY)"\n',
		"$env:X = 'a'; Start-Process calc\n",
		"$env:X = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('YQ==')); touch CANARY\n",
		"$env:X = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('YQ==' + (touch CANARY)))\n",
		"$env:X;touch CANARY = 'a'\n",
		"Remove-Item Env:X -ErrorAction SilentlyContinue;touch CANARY\n",
		"Invoke-Expression 'touch CANARY'\n",
		"$env:X = 'unterminated\n",
		"$env:X = 'a'",
	];
	for (const code of injected) {
		t.throws(() => evalPwsh(code), {instanceOf: PwshRefused}, JSON.stringify(code));
	}

	// Quoting without doubling the quote: every corpus value that closes the string and goes on
	// is caught (none slips through as another value).
	let refused = 0;
	for (const value of injectionCorpus.filter(value => /^[\x20-\x7E]*$/.test(value))) {
		try {
			const env = evalPwsh(`$env:X = '${value}'\n`);
			t.is(env.get('X'), value.replaceAll("''", "'"), label(value));
		} catch (error) {
			t.true(error instanceof PwshRefused);
			refused++;
		}
	}

	t.true(refused > 50, `${refused} naive quotings refused`);
});

test('the code-page attack: raw UTF-8 read as cp932 closes the string with a typographic quote, msid\'s ASCII does not', t => {
	// ā is C4 81 in UTF-8; cp932 reads C4 as a katakana and 81 66 ("f") as U+2019, a quote to PowerShell.
	const value = "\u0101f;Start-Process calc;#";
	const rawUtf8 = Buffer.from(`$env:X = '${value}'\n`, 'utf8');
	const asCp932 = utf8Decoder('shift_jis')(rawUtf8);
	t.true(asCp932.includes('\u2019;Start-Process calc'));
	t.throws(() => evalPwsh(asCp932), {instanceOf: PwshRefused});

	const code = pwshCode(value);
	t.true(/^[\x00-\x7F]*$/.test(code));
	t.is(evalPwsh(utf8Decoder('shift_jis')(Buffer.from(code, 'utf8'))).get('MSID_ACCESS_TOKEN'), value);
});

test('names built from characters whose last byte is a backslash in GBK, BIG5 and Shift_JIS: ASCII, unchanged by every code page, round-trip', t => {
	// 乗 is 81 5C in GBK and GB18030, 么 A4 5C in BIG5, 予 97 5C and ソ 83 5C in Shift_JIS.
	for (const character of ['\u4E57', '\u4E48', '\u4E88', '\u30BD']) {
		for (const value of [`${character}'; touch CANARY; #`, `${character}\\'$(touch CANARY)`, `${character}''; touch CANARY`]) {
			const code = pwshCode(value);
			t.true(/^[\x00-\x7F]*$/.test(code), value);
			for (const [name, decode] of codePages) {
				t.is(decode(Buffer.from(code, 'utf8')), code, `${name}: ${value}`);
			}

			t.is(evalPwsh(code).get('MSID_ACCOUNT'), value);
		}
	}
});
