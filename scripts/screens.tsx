/**
 * Draws the README's pictures of the dashboard from the real UI (docs/screens/*.svg). Run it
 * whenever a screen changes: `npm run screens`. test/ui/readme-screens.test.tsx fails until then.
 */
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {displayWidth} from '../source/model/text-width.js';
import '../test/ui/helpers/force-color.js';
import {readmeScreens} from '../test/ui/helpers/readme-screens.js';
import {frameToSvg} from './ansi-svg.js';

const directory = path.resolve(import.meta.dirname, '../docs/screens');
for (const screen of await readmeScreens()) {
	const file = path.join(directory, `${screen.name}.svg`);
	await writeFile(file, frameToSvg(screen.frame, screen.text, screen.title, 100, 26, displayWidth));
	console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

process.exit(0);
