/**
 * Quoting for code that is `eval`ed: values come from remote servers (tokens, account names,
 * tenant ids), so every byte must reach the variable as data and none may run as code.
 *
 * Every shell gets its single-quote form, the one place where the shell gives (almost) no
 * character a meaning. The rules look only at ASCII bytes (plus pwsh's Unicode quotes), so
 * they hold for any ASCII-compatible encoding, UTF-8 multibyte sequences and invalid bytes alike.
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
 * Quotes raw bytes (which need not be UTF-8). For pwsh, which reads its input as UTF-8 text
 * and cannot hold invalid bytes, invalid sequences become U+FFFD first.
 */
export function quoteBytes(shell: ShellKind, bytes: Uint8Array): Buffer {
	if (shell === 'pwsh') {
		return Buffer.from(quote(shell, new TextDecoder().decode(bytes)), 'utf8');
	}

	// Latin-1 maps each byte to one code unit and back, and the sh and fish rules touch only
	// ASCII, so bytes >= 0x80 pass through untouched.
	return Buffer.from(quoteUnits(shell, Buffer.from(bytes).toString('latin1')), 'latin1');
}

function quoteUnits(shell: ShellKind, value: string): string {
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
			return quoteFish(value);
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

/** fish: inside '...' only \\ and \' are escapes; every other byte, newlines too, is literal. */
function quoteFish(value: string): string {
	return `'${value.replaceAll(/[\\']/g, character => `\\${character}`)}'`;
}

/**
 * pwsh: inside '...' a quote is written twice, and pwsh also takes the typographic single
 * quotes U+2018 (‘), U+2019 (’), U+201A (‚) and U+201B (‛) for ', so those are doubled too.
 */
function quotePwsh(value: string): string {
	return `'${value.replaceAll(/['\u2018\u2019\u201A\u201B]/g, character => character + character)}'`;
}
