import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {quote, quoteBytes} from '../../source/shell-env/quote.js';
import {shellKinds} from '../../source/shell-env/shells.js';

test('sh family: single quotes, a quote in the value written as \\\' outside them', t => {
	for (const shell of ['bash', 'zsh', 'posix'] as const) {
		t.is(quote(shell, 'abc'), "'abc'");
		t.is(quote(shell, ''), "''");
		t.is(quote(shell, "it's"), "'it'\\''s'");
		t.is(quote(shell, "'"), "\\'");
		t.is(quote(shell, "''x''"), "\\'\\''x'\\'\\'");
		t.is(quote(shell, '$(x) `y` \\ "z"\n'), "'$(x) `y` \\ \"z\"\n'");
	}
});

test('fish: ASCII in quotes with only backslash and quote escaped, every other byte as \\xHH', t => {
	t.is(quote('fish', 'abc'), "'abc'");
	t.is(quote('fish', ''), "''");
	t.is(quote('fish', "it's"), "'it\\'s'");
	t.is(quote('fish', 'a\\b'), "'a\\\\b'");
	t.is(quote('fish', '$x (y) "z"\n'), "'$x (y) \"z\"\n'");
	// 中 is E4 B8 AD in UTF-8: the quote after it stays escaped whatever the locale makes of the bytes.
	t.is(quote('fish', "\u4E2D'; cmd; #"), "\\xe4\\xb8\\xad'\\'; cmd; #'");
	t.is(quote('fish', 'é'), '\\xc3\\xa9');
});

test('pwsh: printable ASCII in quotes with quotes doubled; anything else decoded from base64 by PowerShell', t => {
	t.is(quote('pwsh', "it's"), "'it''s'");
	t.is(quote('pwsh', '$(x) `y` @(z) "w"'), "'$(x) `y` @(z) \"w\"'");
	t.is(quote('pwsh', 'a\u2019b'), `[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${Buffer.from('a\u2019b').toString('base64')}'))`);
	t.is(quote('pwsh', 'line\nbreak'), `[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${Buffer.from('line\nbreak').toString('base64')}'))`);
});

test('a NUL byte is refused in every shell, since no environment variable can hold it', t => {
	for (const shell of shellKinds) {
		const error = t.throws(() => quote(shell, 'a\0b'), {instanceOf: MsidError});
		t.is(error?.code, 'value-has-nul');
		t.throws(() => quoteBytes(shell, Buffer.from([0x61, 0, 0x62])), {instanceOf: MsidError});
	}
});

test('a lone surrogate is quoted as the U+FFFD Node prints for it', t => {
	t.is(quote('bash', 'a\uD800b'), "'a\uFFFDb'");
	t.is(quote('bash', '\uDC00\uD83D\uDE00\uD83D'), "'\uFFFD\uD83D\uDE00\uFFFD'");
});

test('raw bytes keep every byte for sh and fish, and become text for pwsh', t => {
	const bytes = Buffer.from([0xC3, 0x27, 0xFF, 0x5C]);
	t.deepEqual(quoteBytes('bash', bytes), Buffer.from([0x27, 0xC3, 0x27, 0x5C, 0x27, 0x27, 0xFF, 0x5C, 0x27]));
	t.is(quoteBytes('fish', bytes).toString('latin1'), "\\xc3'\\''\\xff'\\\\'");
	t.is(quoteBytes('pwsh', bytes).toString('utf8'), `[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${Buffer.from("\uFFFD'\uFFFD\\").toString('base64')}'))`);
});

test('a 100 KB value is quoted whole', t => {
	const value = `${'x'.repeat(100 * 1024)}'`;
	t.is(quote('zsh', value).length, value.length + 3);
});
