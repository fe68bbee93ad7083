import {UsageError} from '../model/errors.js';
import type {CommandSpec} from './spec/define.js';
import {commandSpecs, publicSpecs} from './spec/index.js';
import {suggest} from './suggest.js';

/** The declaration of command `name`, or a one-line usage error that suggests the closest one. */
export function findCommand(name: string): CommandSpec {
	const spec = commandSpecs.find(candidate => candidate.name === name);
	if (spec) {
		return spec;
	}

	const close = suggest(name, publicSpecs.map(candidate => candidate.name));
	throw new UsageError(close
		? `Unknown command "${name}": did you mean msid ${close}?`
		: `Unknown command "${name}": msid --help lists the commands.`);
}
