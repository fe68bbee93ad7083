/**
 * A QR code of the verification URL, drawn with half blocks so a phone can open the sign-in
 * page. Light modules are drawn, dark ones left blank, with an explicit white-on-black when
 * colour is allowed; with NO_COLOR it relies on the usual light-on-dark terminal.
 */
import type {QRCode} from 'qrcode';
import {create} from 'qrcode/lib/core/qrcode.js';
import {Box, Text} from 'ink';
import {useTheme} from '../hooks/use-theme.js';
import {halfBlockRows} from './half-blocks.js';

const quietZone = 1;

/** The QR code's text rows, or undefined when the text cannot be encoded. */
export function qrRows(text: string): string[] | undefined {
	let qr: QRCode;
	try {
		qr = create(text, {errorCorrectionLevel: 'L'});
	} catch {
		return undefined;
	}

	const {size} = qr.modules;
	const span = size + (quietZone * 2);
	const pixels = Array.from({length: span}, (_, y) => Array.from({length: span}, (_, x) => {
		const row = y - quietZone;
		const column = x - quietZone;
		const inside = row >= 0 && row < size && column >= 0 && column < size;
		// Drawn means light: the quiet zone is light, dark modules stay blank.
		return !inside || !qr.modules.get(row, column);
	}));
	return halfBlockRows(pixels);
}

export function QrCode({rows}: {rows: readonly string[]}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			{rows.map((row, index) => (
				<Text key={index} wrap="truncate-end" color={theme.qr.color} backgroundColor={theme.qr.backgroundColor}>
					{row}
				</Text>
			))}
		</Box>
	);
}
