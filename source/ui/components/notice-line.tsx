import type {Notice} from '../notice.js';
import type {Tone} from '../theme.js';
import {Line} from './line.js';

const tones: Record<Notice['tone'], Tone> = {info: 'info', ok: 'ok', warn: 'warn', bad: 'bad'};

/** The one-line notice; problems start with "!" so they stand out without colour. */
export function NoticeLine({notice}: {notice: Notice | undefined}) {
	if (!notice) {
		return <Line />;
	}

	const marker = notice.tone === 'bad' || notice.tone === 'warn' ? '! ' : '';
	return <Line tone={tones[notice.tone]}>{marker + notice.text}</Line>;
}
