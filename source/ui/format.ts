/** Small text formatters shared by the views. Widths here are in terminal columns. */
import {displayWidth, padToWidth, truncateToWidth} from '../model/text-width.js';

/** mm:ss, or h:mm:ss from an hour up; whole seconds rounded up, so 0:00 means expired. */
export function formatCountdown(remainingMs: number): string {
	const total = Math.max(0, Math.ceil(remainingMs / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = total % 60;
	const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
	return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** "just now", "45 s ago", "12 min ago", "3 h ago", "2 d ago". */
export function formatAgo(elapsedMs: number): string {
	const seconds = Math.floor(elapsedMs / 1000);
	if (seconds < 5) {
		return 'just now';
	}

	if (seconds < 60) {
		return `${seconds} s ago`;
	}

	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) {
		return `${minutes} min ago`;
	}

	const hours = Math.floor(minutes / 60);
	return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} d ago`;
}

/** Cuts text to `width` terminal columns, marking the cut with an ellipsis. */
export const truncate = truncateToWidth;

/** Pads text to `width` terminal columns. */
export const padEnd = padToWidth;

/** Word-wraps onto lines of at most `width` columns; a word longer than a line is cut. */
export function wrapWords(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line === '') {
			line = word;
		} else if (displayWidth(line) + 1 + displayWidth(word) <= width) {
			line += ` ${word}`;
		} else {
			lines.push(line);
			line = word;
		}
	}

	if (line !== '') {
		lines.push(line);
	}

	return lines.map(each => truncate(each, width));
}

/** OpenID scopes say little about what a token may do, so compact views leave them out. */
export function resourceScopes(scopes: readonly string[]): string[] {
	const oidc = new Set(['openid', 'profile', 'email', 'offline_access']);
	return scopes.filter(scope => !oidc.has(scope.toLowerCase()));
}
