/**
 * The README's pictures show what the dashboard shows: each picture keeps the text it was drawn
 * from, and the same screen rendered now must match it. When a screen changes, `npm run
 * screens` draws the pictures again.
 */
import './helpers/force-color.js';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {svgText} from '../../scripts/ansi-svg.js';
import {cleanupDashboards} from './helpers/dashboard-harness.js';
import {readmeScreens} from './helpers/readme-screens.js';

test.after.always(cleanupDashboards);

const root = path.resolve(import.meta.dirname, '../..');

test('every README picture matches the screen the dashboard draws now (else: npm run screens)', async t => {
	const readme = await readFile(path.join(root, 'README.md'), 'utf8');
	for (const screen of await readmeScreens()) {
		const picture = await readFile(path.join(root, 'docs', 'screens', `${screen.name}.svg`), 'utf8');
		t.is(svgText(picture), screen.text, `docs/screens/${screen.name}.svg is out of date: run npm run screens`);
		t.true(readme.includes(`(docs/screens/${screen.name}.svg)`), `the README shows docs/screens/${screen.name}.svg`);
	}
});
