/**
 * A small PowerShell interpreter for exactly the code msid-env writes for pwsh, so the emitted
 * text can be evaluated where PowerShell cannot run (it has no Debian package). It knows:
 *
 *   $env:NAME = EXPR                                  (one statement a line)
 *   Remove-Item Env:NAME -ErrorAction SilentlyContinue
 *   EXPR: a single-quoted string, or
 *         [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String(SINGLE-QUOTED))
 *
 * and refuses everything else: anything left after a statement is code PowerShell would run,
 * so "refused" is what an injection looks like here. Single-quoted strings follow PowerShell's
 * tokenizer: the typographic quotes U+2018, U+2019, U+201A and U+201B open and close a string
 * like ' does, and two quote characters in a row inside one stand for one.
 */

const singleQuotes = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

export class PwshRefused extends Error {}

export type PwshEnv = Map<string, string>;

/** Runs `code` against `env` (changed in place) and returns it; throws PwshRefused on anything else. */
export function evalPwsh(code: string, env: PwshEnv = new Map()): PwshEnv {
	const reader = new Reader(code);
	while (!reader.done()) {
		if (reader.take('$env:')) {
			const name = reader.name();
			reader.expect(' = ');
			env.set(name, expression(reader));
		} else if (reader.take('Remove-Item Env:')) {
			const name = reader.name();
			reader.expect(' -ErrorAction SilentlyContinue');
			env.delete(name);
		} else {
			reader.refuse('a statement msid-env does not write');
		}

		reader.expect('\n');
	}

	return env;
}

const base64Call = '[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String(';

function expression(reader: Reader): string {
	if (reader.take(base64Call)) {
		const base64 = reader.singleQuoted();
		reader.expect('))');
		// [Convert]::FromBase64String accepts more (white space); msid writes only the canonical form.
		if (!/^(?:[A-Za-z\d+/]{4})*(?:[A-Za-z\d+/]{2}==|[A-Za-z\d+/]{3}=)?$/.test(base64)) {
			reader.refuse('base64 that is not canonical');
		}

		// .NET's Encoding.UTF8.GetString turns invalid sequences into U+FFFD, as TextDecoder does,
		// and keeps a leading byte order mark as U+FEFF (only readers of files skip it).
		return new TextDecoder('utf-8', {ignoreBOM: true}).decode(Buffer.from(base64, 'base64'));
	}

	return reader.singleQuoted();
}

class Reader {
	private at = 0;

	constructor(private readonly code: string) {}

	done(): boolean {
		return this.at >= this.code.length;
	}

	take(text: string): boolean {
		if (this.code.startsWith(text, this.at)) {
			this.at += text.length;
			return true;
		}

		return false;
	}

	expect(text: string): void {
		if (!this.take(text)) {
			this.refuse(`expected ${JSON.stringify(text)}`);
		}
	}

	name(): string {
		const match = /^[A-Za-z_]\w*/.exec(this.code.slice(this.at, this.at + 256));
		if (!match) {
			this.refuse('expected a variable name');
		}

		this.at += match[0].length;
		return match[0];
	}

	singleQuoted(): string {
		if (!singleQuotes.has(this.code[this.at] ?? '')) {
			this.refuse('expected a single-quoted string');
		}

		this.at++;
		let value = '';
		for (;;) {
			const character = this.code[this.at];
			if (character === undefined) {
				this.refuse('a string that never ends');
			}

			this.at++;
			if (!singleQuotes.has(character)) {
				value += character;
			} else if (singleQuotes.has(this.code[this.at] ?? '')) {
				// Two quotes in a row: one literal quote, the second one's character.
				value += this.code[this.at];
				this.at++;
			} else {
				return value;
			}
		}
	}

	refuse(why: string): never {
		throw new PwshRefused(`${why} at ${this.at}: ${JSON.stringify(this.code.slice(this.at, this.at + 40))}`);
	}
}
