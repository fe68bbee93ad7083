/**
 * Quoting for code that is `eval`ed: values come from remote servers (tokens, account names,
 * tenant ids), so every byte must reach the variable as data and none may run as code.
 *
 * The sh family gets its single-quote form, the one place where the shell gives no character
 * but the quote a meaning; the rule looks only at ASCII bytes, so it holds for UTF-8, invalid
 * bytes and the legacy CJK locales alike (tested under GBK, GB18030, BIG5 and Shift_JIS).
 *
 * fish and PowerShell get pure ASCII, so that no locale or code page can change what they read:
 * in GBK, BIG5 or Shift_JIS a backslash byte can end a two-byte character, which breaks fish's
 * \' escape, and PowerShell decodes a program's output with the console's code page, where
 * UTF-8 bytes can turn into a typographic quote. fish writes every non-ASCII byte as \xHH
 * outside the quotes; PowerShell decodes the value itself from base64 as UTF-8.
 */
import {MsidError} from '../model/errors.js';
import type {ShellKind} from './shells.js';

/** Quotes `value` as one word for `shell`. */
export function quote(shell: ShellKind, value: string): string {
	return quoteUnits(shell, asPrinted(value));
}

/**
 * A lone surrogate cannot be written as UTF-8: Node prints U+FFFD for it. Quoting what will be
 * printed keeps the code exactly what the shell reads.
 */
export function asPrinted(value: string): string {
	return value.replaceAll(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Quotes raw bytes (which need not be UTF-8). For pwsh, whose strings are UTF-16 and cannot
 * hold invalid bytes, invalid sequences become U+FFFD first.
 */
export function quoteBytes(shell: ShellKind, bytes: Uint8Array): Buffer {
	if (shell === 'pwsh') {
		return Buffer.from(quote(shell, new TextDecoder().decode(bytes)), 'utf8');
	}

	// Latin-1 maps each byte to one code unit and back: the sh rule touches only ASCII, so
	// bytes >= 0x80 pass through untouched, and fish's rule writes each of them as \xHH.
	return Buffer.from(quoteUnits(shell, Buffer.from(bytes).toString('latin1'), true), 'latin1');
}

function quoteUnits(shell: ShellKind, value: string, latin1Bytes = false): string {
	if (value.includes('\0')) {
		throw new MsidError(
			'value-has-nul',
			'A value to export contains a NUL byte, which no environment variable can hold.',
		);
	}

	switch (shell) {
		case 'bash':
		case 'zsh':
		case 'posix': {
			return quoteSh(value);
		}

		case 'fish': {
			return quoteFish(latin1Bytes ? Buffer.from(value, 'latin1') : Buffer.from(value, 'utf8'));
		}

		case 'pwsh': {
			return quotePwsh(value);
		}
	}
}

/**
 * sh family: inside '...' nothing is special but the closing quote, so a quote in the value
 * is written outside the quotes as \'. Empty runs are dropped, so the code never holds ''
 * next to a quoted run (zsh's RC_QUOTES reads '' inside quotes as a literal quote).
 */
function quoteSh(value: string): string {
	if (value === '') {
		return "''";
	}

	return value
		.split("'")
		.map(run => (run === '' ? '' : `'${run}'`))
		.join("\\'");
}

/**
 * fish: ASCII runs inside '...', where only \\ and \' are escapes (every other ASCII byte,
 * newlines too, is literal); each byte >= 0x80 as \xHH outside the quotes, which fish reads as
 * that very byte whatever the locale.
 */
function quoteFish(bytes: Uint8Array): string {
	let code = '';
	let run = '';
	const closeRun = () => {
		if (run !== '') {
			code += `'${run}'`;
			run = '';
		}
	};

	for (const byte of bytes) {
		if (byte < 0x80) {
			const character = String.fromCodePoint(byte);
			run += character === '\\' || character === "'" ? `\\${character}` : character;
		} else {
			closeRun();
			code += `\\x${byte.toString(16).padStart(2, '0')}`;
		}
	}

	closeRun();
	return code === '' ? "''" : code;
}

/**
 * pwsh: printable ASCII inside '...', a quote written twice; anything else (non-ASCII, control
 * characters) decoded by PowerShell itself from base64, so the code stays ASCII.
 */
function quotePwsh(value: string): string {
	if (/^[\x20-\x7E]*$/.test(value)) {
		return `'${value.replaceAll("'", "''")}'`;
	}

	return `[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${Buffer.from(value, 'utf8').toString('base64')}'))`;
}
