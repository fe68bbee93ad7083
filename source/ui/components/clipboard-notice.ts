import type {ClipboardStatus} from '../clipboard-keeper.js';
import type {Notice} from '../notice.js';

/** The clipboard keeper's status as a notice, counting down to the clear. */
export function clipboardNotice(status: ClipboardStatus, now: number): Notice | undefined {
	switch (status.state) {
		case 'idle': {
			return undefined;
		}

		case 'holding': {
			const seconds = Math.max(0, Math.ceil((status.clearsAt - now) / 1000));
			return {tone: 'ok', text: `Copied ${status.what}; clipboard clears in ${seconds} s`, order: status.order};
		}

		case 'cleared': {
			return {tone: 'info', text: 'Clipboard cleared', order: status.order};
		}

		case 'replaced': {
			return {tone: 'info', text: 'The clipboard changed since the copy, so msid left it alone', order: status.order};
		}

		case 'failed': {
			return {tone: 'bad', text: `Could not clear the clipboard: ${status.message}`, order: status.order};
		}
	}
}
