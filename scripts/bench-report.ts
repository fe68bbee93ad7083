/**
 * What every part of `npm run bench` hands back: lines to print, and the targets it measured,
 * so the summary can say plainly which are met. A new measurement is one more section in
 * bench.ts returning this shape.
 */
export interface Target {
	/** What is measured, e.g. "msid-env cached, wall, ratio to node -e 0". */
	what: string;
	measured: number;
	/** The target is met when `measured` is at most this. */
	limit: number;
	unit: string;
}

export interface SectionResult {
	lines: string[];
	targets: Target[];
}

export function targetLine(target: Target): string {
	const met = target.measured <= target.limit;
	return `${met ? 'met   ' : 'MISSED'}  ${target.what}: ${format(target.measured)}${target.unit} (target <= ${format(target.limit)}${target.unit})`;
}

function format(value: number): string {
	return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
