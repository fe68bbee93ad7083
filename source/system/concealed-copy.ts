/**
 * Puts a secret on the system clipboard with the platform's mark that keeps it out of
 * clipboard history, cloud sync and clipboard managers, where the platform has one:
 *
 * - Windows: the formats `ExcludeClipboardContentFromMonitorProcessing`,
 *   `CanIncludeInClipboardHistory` (0) and `CanUploadToCloudClipboard` (0) next to the text,
 *   as Microsoft documents for "Cloud Clipboard and Clipboard History Formats": Win+V history
 *   and the cloud clipboard then skip the copy.
 * - macOS: `org.nspasteboard.ConcealedType` next to the text (nspasteboard.org, honoured by
 *   clipboard managers), and the pasteboard prepared for the current host only, so Universal
 *   Clipboard does not hand it to the user's other devices.
 *
 * Elsewhere there is no such mark that every clipboard manager honours, and this answers
 * undefined. The secret travels on the helper program's standard input; the script in argv is
 * fixed text.
 */
import {runWithInput} from './run-program.js';

/** Each is a DWORD 0 (four zero bytes) or, for the first, any data at all. */
const windowsScript = `$ErrorActionPreference = 'Stop'
Add-Type -AssemblyName System.Windows.Forms
$reader = New-Object IO.StreamReader([Console]::OpenStandardInput(), (New-Object Text.UTF8Encoding($false)))
$data = New-Object Windows.Forms.DataObject
$data.SetText($reader.ReadToEnd(), [Windows.Forms.TextDataFormat]::UnicodeText)
foreach ($format in 'ExcludeClipboardContentFromMonitorProcessing', 'CanIncludeInClipboardHistory', 'CanUploadToCloudClipboard') {
	$data.SetData($format, (New-Object IO.MemoryStream(,[byte[]](0, 0, 0, 0))))
}
[Windows.Forms.Clipboard]::SetDataObject($data, $true)
`;

/**
 * JavaScript for Automation. prepareForNewContentsWithOptions clears the pasteboard like
 * clearContents; its 1 is NSPasteboardContentsCurrentHostOnly (macOS 10.12+).
 */
const macScript = `ObjC.import('AppKit');
const input = $.NSFileHandle.fileHandleWithStandardInput.readDataToEndOfFile;
const text = $.NSString.alloc.initWithDataEncoding(input, $.NSUTF8StringEncoding);
const board = $.NSPasteboard.generalPasteboard;
board.prepareForNewContentsWithOptions(1);
board.setStringForType(text, 'public.utf8-plain-text');
board.setStringForType($(''), 'org.nspasteboard.ConcealedType');
`;

export type ConcealedCopy = (secret: string) => Promise<void>;

export function concealedCopier(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): ConcealedCopy | undefined {
	switch (platform) {
		case 'win32': {
			// -STA: the Windows clipboard needs a single-threaded apartment. -EncodedCommand keeps
			// the script's quotes away from Windows' argument parsing.
			const encoded = Buffer.from(windowsScript, 'utf16le').toString('base64');
			return async secret => {
				await runWithInput('powershell.exe', ['-NoProfile', '-NonInteractive', '-STA', '-EncodedCommand', encoded], env, secret);
			};
		}

		case 'darwin': {
			return async secret => {
				await runWithInput('osascript', ['-l', 'JavaScript', '-e', macScript], env, secret);
			};
		}

		default: {
			return undefined;
		}
	}
}
