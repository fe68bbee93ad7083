/** What the one-line notice under a view says: the outcome of the last action, or a problem. */
export type NoticeTone = 'info' | 'ok' | 'warn' | 'bad';

export interface Notice {
	tone: NoticeTone;
	text: string;
	/** Raised order across every source, so the newest notice wins even within one clock tick. */
	order: number;
	/** The full text of a failure, shown by the error key when the notice line cannot hold it. */
	detail?: readonly string[];
}

let lastOrder = 0;

export function nextNoticeOrder(): number {
	lastOrder += 1;
	return lastOrder;
}

export function notice(tone: NoticeTone, text: string): Notice {
	return {tone, text, order: nextNoticeOrder()};
}

export function newest(...notices: Array<Notice | undefined>): Notice | undefined {
	let result: Notice | undefined;
	for (const candidate of notices) {
		if (candidate && (!result || candidate.order > result.order)) {
			result = candidate;
		}
	}

	return result;
}
