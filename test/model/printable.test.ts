import test from 'ava';
import {isPrintable, printable} from '../../source/model/printable.js';

test('control characters, C1, bidi overrides and isolates become visible escapes', t => {
	const hostile = 'Contoso\u001B[2J\u001B]0;pwned\u0007\r\nfake line\u009B31m\u202Egnp.exe\u2066x\u2069\u200F\u2028\u007F\t';
	const safe = printable(hostile);
	t.true(isPrintable(safe));
	t.false(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F\u2028\u2029]/.test(safe));
	t.is(safe, String.raw`Contoso\u001b[2J\u001b]0;pwned\u0007\u000d\u000afake line\u009b31m\u202egnp.exe\u2066x\u2069\u200f\u2028\u007f\u0009`);
});

test('ordinary text, CJK, emoji and combining marks are left as they are', t => {
	for (const text of ['alice@contoso.onmicrosoft.com', 'Fabrikam Ltd. (Büro)', '中文租户', 'テナント', '👩‍💻 team', 'é', 'a\u00A0b']) {
		t.is(printable(text), text);
		t.true(isPrintable(text));
	}

	t.false(isPrintable('a\u001Bb'));
});
