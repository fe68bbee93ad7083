/**
 * Repaints the dashboard's live cells (countdowns, "refreshed 12 s ago") in place, once a
 * second, without asking Ink for a frame. Ink builds every frame whole: a tick that changed five
 * characters used to lay out, tokenize and measure every cell on screen, a few per cent of a core
 * while the dashboard sat idle. Here a tick costs a cursor move and a few bytes per cell.
 *
 * How it stays true to what Ink drew:
 * - A cell is drawn by Ink like any text, through a transform that puts in the current value
 *   (transform()), so every frame Ink writes for its own reasons is current too.
 * - After each frame Ink writes (Ink's onRender), the painter reads where each cell landed from
 *   the layout, once the commit that produced the frame has settled (a microtask later: React
 *   attaches refs after Ink's render in the same commit), and paints the cells at once: a line
 *   Ink left alone because it matched its previous frame may still show an older painted value.
 * - A tick paints a cell only while its value keeps the width and colour Ink laid out. When they
 *   change (59:59 after 1:00:00, turning yellow) the cell re-renders through React instead, as
 *   it does when it is clipped, off screen, or the screen is not the full-screen frame this
 *   relies on (the frame starts at the top-left corner and fills the terminal's rows).
 * - After painting, the cursor goes back to the frame's last row, where Ink leaves it: Ink moves
 *   only relatively from there and always sets the column before it writes.
 */
import type {DOMElement} from 'ink';
import type {SecondTicker} from './second-ticker.js';
import type {Tone} from './theme.js';

/** What a live cell shows at a moment. */
export interface LiveValue {
	text: string;
	tone?: Tone;
}

/** One cell, as the LiveText component registers it. */
export interface LiveCell {
	/** The cell's box, once React has attached it. */
	node(): DOMElement | null;
	/** Its value now (the latest props, at the ticker's time). */
	read(): LiveValue;
	/** Re-renders it through React, when it cannot be painted. */
	rerender(): void;
}

/** Where the painter writes: the terminal Ink draws on. */
export interface PaintTarget {
	write(data: string): unknown;
	readonly rows: number;
	readonly columns: number;
}

interface Drawn {
	/** The cell's line as Ink styled it, holding `text`. */
	line: string;
	text: string;
	shape: string;
}

interface Placed {
	cell: LiveCell;
	row: number;
	column: number;
}

/** Cells with the same shape occupy the same cells on screen in the same colour. */
function liveShape(value: LiveValue): string {
	return `${value.text.length}:${value.tone ?? ''}`;
}

export class LivePainter {
	private readonly cells = new Set<LiveCell>();
	private readonly drawn = new WeakMap<LiveCell, Drawn>();
	private placed: Placed[] = [];
	private ticker: SecondTicker | undefined;
	private unsubscribe: (() => void) | undefined;
	private settling = false;

	constructor(private readonly target: PaintTarget) {}

	/** The ticker whose beat the painter follows; it listens only while cells exist. */
	connect(ticker: SecondTicker): () => void {
		this.ticker = ticker;
		this.listen();
		return () => {
			this.unsubscribe?.();
			this.unsubscribe = undefined;
			this.ticker = undefined;
		};
	}

	track(cell: LiveCell): () => void {
		this.cells.add(cell);
		this.listen();
		return () => {
			this.cells.delete(cell);
			this.placed = this.placed.filter(placed => placed.cell !== cell);
			if (this.cells.size === 0) {
				this.unsubscribe?.();
				this.unsubscribe = undefined;
			}
		};
	}

	/**
	 * Ink's transform for a cell: the line Ink is about to draw, with the value React rendered
	 * replaced by the value now when it has the same shape. `now` comes from the props of that
	 * render, which the cell's read() sees only once the commit is done.
	 */
	transform(cell: LiveCell, line: string, rendered: LiveValue, now: LiveValue): string {
		const shape = liveShape(rendered);
		this.drawn.set(cell, {line, text: rendered.text, shape});
		return liveShape(now) === shape ? line.replace(rendered.text, now.text) : line;
	}

	/** Ink wrote a frame (its onRender option). */
	readonly frameWritten = (): void => {
		if (this.settling) {
			return;
		}

		this.settling = true;
		queueMicrotask(() => {
			this.settling = false;
			this.place();
			this.paint(false);
		});
	};

	private listen(): void {
		if (!this.unsubscribe && this.ticker && this.cells.size > 0) {
			this.unsubscribe = this.ticker.subscribe(() => {
				this.paint(true);
			});
		}
	}

	/** Where each cell is on screen now, for those that can be painted there. */
	private place(): void {
		this.placed = [];
		for (const cell of this.cells) {
			const node = cell.node();
			const position = node ? screenPosition(node, this.target) : undefined;
			if (position) {
				this.placed.push({cell, ...position});
			}
		}
	}

	/** `tick`: a second passed, so cells that cannot be painted re-render instead. */
	private paint(tick: boolean): void {
		// Not connected: the dashboard has gone (App's layout effect ends within Ink's unmount,
		// before Ink leaves the alternate screen), and the terminal may be the user's shell again.
		if (!this.ticker) {
			return;
		}

		let output = '';
		const painted = new Set<LiveCell>();
		for (const {cell, row, column} of this.placed) {
			const drawn = this.drawn.get(cell);
			const now = cell.read();
			if (drawn && liveShape(now) === drawn.shape) {
				output += `\u001B[${row + 1};${column + 1}H${drawn.line.replace(drawn.text, now.text)}`;
				painted.add(cell);
			}
		}

		if (output !== '') {
			this.target.write(`${output}\u001B[${this.target.rows};1H`);
		}

		if (tick) {
			for (const cell of this.cells) {
				if (!painted.has(cell)) {
					cell.rerender();
				}
			}
		}
	}
}

/**
 * The cell's row and column on screen, or undefined when painting there could be wrong: the frame
 * does not fill the terminal from its top-left corner, or the cell is not wholly inside the
 * terminal and every box that clips it.
 */
function screenPosition(node: DOMElement, screen: PaintTarget): {row: number; column: number} | undefined {
	const cell = node.yogaNode?.getComputedLayout();
	const origin = cell && absolutePosition(node);
	if (!cell || !origin || cell.height !== 1) {
		return undefined;
	}

	const inside = (left: number, top: number, width: number, height: number) =>
		origin.x >= left && origin.y >= top && origin.x + cell.width <= left + width && origin.y + 1 <= top + height;
	let root = node;
	for (let box = node.parentNode; box; box = box.parentNode) {
		root = box;
		const {overflow, overflowX, overflowY} = box.style;
		if (overflow === 'hidden' || overflowX === 'hidden' || overflowY === 'hidden') {
			const at = absolutePosition(box);
			const layout = box.yogaNode?.getComputedLayout();
			if (!at || !layout || !inside(at.x, at.y, layout.width, layout.height)) {
				return undefined;
			}
		}
	}

	const frame = root.yogaNode?.getComputedLayout();
	if (!frame || frame.left !== 0 || frame.top !== 0 || frame.height !== screen.rows || !inside(0, 0, screen.columns, screen.rows)) {
		return undefined;
	}

	return {row: origin.y, column: origin.x};
}

/** Where Ink draws a box: the sum of the layout offsets up to the root, as its renderer does. */
function absolutePosition(node: DOMElement): {x: number; y: number} | undefined {
	let x = 0;
	let y = 0;
	for (let box: DOMElement | undefined = node; box; box = box.parentNode) {
		const layout = box.yogaNode?.getComputedLayout();
		// A scrolled box shifts its content by an offset the layout does not show.
		if (!layout || box.style.contentOffsetX || box.style.contentOffsetY) {
			return undefined;
		}

		x += layout.left;
		y += layout.top;
	}

	return {x, y};
}
