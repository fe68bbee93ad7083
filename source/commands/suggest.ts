/**
 * "Did you mean": the closest known word by edit distance, counting a swap of two neighbours as
 * one edit (tokne -> token), or the one word that starts with what was typed.
 */
export function suggest(typed: string, known: readonly string[]): string | undefined {
	const limit = typed.length <= 3 ? 1 : 2;
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const word of known) {
		const distance = editDistance(typed.toLowerCase(), word.toLowerCase());
		if (distance < bestDistance) {
			best = word;
			bestDistance = distance;
		}
	}

	if (best !== undefined && bestDistance <= limit) {
		return best;
	}

	const prefixed = typed.length >= 2 ? known.filter(word => word.startsWith(typed)) : [];
	return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
	const rows = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let distance = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
			}

			rows[i]![j] = distance;
		}
	}

	return rows[a.length]![b.length]!;
}
