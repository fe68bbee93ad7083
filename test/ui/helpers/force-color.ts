/**
 * Ink colours through chalk, which turns colour off when stdout is not a terminal, as under
 * ava. Tests that check colours import this first, before anything loads chalk.
 */
process.env['FORCE_COLOR'] = '1';
