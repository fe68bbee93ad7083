/** The pages people see in a browser: plain HTML, a little CSS, every echoed value escaped. */

/** Marks text as already-escaped HTML, so `html` does not escape it twice. */
export class SafeHtml {
	constructor(readonly value: string) {}

	toString(): string {
		return this.value;
	}
}

export function escapeHtml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

type Interpolated = string | number | SafeHtml | undefined | false | Interpolated[];

/** Tagged template that escapes every interpolated value unless it is SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
	let out = strings[0] ?? '';
	for (const [index, value] of values.entries()) {
		out += render(value) + (strings[index + 1] ?? '');
	}

	return new SafeHtml(out);
}

function render(value: Interpolated): string {
	if (value === undefined || value === false) {
		return '';
	}

	if (Array.isArray(value)) {
		return value.map(item => render(item)).join('');
	}

	return value instanceof SafeHtml ? value.value : escapeHtml(String(value));
}

export type Outcome = 'form' | 'approved' | 'declined' | 'error';

/**
 * The page frame. `data-outcome` on <main> lets scripts (and msid's end-to-end tests) tell a
 * form from a final result without reading prose.
 */
export function page(title: string, outcome: Outcome, body: SafeHtml): string {
	return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f2f2f2; color: #1b1b1b; margin: 0; }
main { max-width: 28rem; margin: 3rem auto; background: #fff; padding: 2rem 2.5rem; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
h1 { font-size: 1.5rem; font-weight: 600; margin-top: 0; }
.brand { color: #5e5e5e; font-size: .9rem; margin-bottom: 1.5rem; }
label { display: block; margin: .75rem 0 .25rem; }
input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; border: 1px solid #8a8886; }
input.code { font-family: ui-monospace, monospace; letter-spacing: .2em; text-transform: uppercase; }
fieldset { border: 1px solid #ddd; margin: 1rem 0; padding: .5rem 1rem; }
.user { display: flex; gap: .5rem; align-items: baseline; margin: .4rem 0; }
.user small { color: #5e5e5e; }
ul.scopes { padding-left: 1.2rem; }
.admin { color: #a4262c; font-size: .85rem; }
.error { color: #a4262c; background: #fde7e9; padding: .5rem .75rem; }
.hint { color: #5e5e5e; font-size: .85rem; }
.buttons { display: flex; gap: .75rem; justify-content: flex-end; margin-top: 1.5rem; }
button { padding: .5rem 1.5rem; font-size: 1rem; border: 1px solid #8a8886; background: #fff; cursor: pointer; }
button.primary { background: #0067b8; border-color: #0067b8; color: #fff; }
</style>
</head>
<body>
<main data-outcome="${outcome}">
<div class="brand">msid identity emulator</div>
${body}
</main>
</body>
</html>
`.value;
}
