/**
 * qrcode's encoder on its own (lib/core): the package's main module also loads its renderers,
 * and the PNG one brings pngjs and node:zlib into every start of the dashboard.
 */
declare module 'qrcode/lib/core/qrcode.js' {
	export {create} from 'qrcode';
}
