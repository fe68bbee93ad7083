/**
 * The dashboard's one key listener hands each key to the screen on show.
 *
 * Ink's useInput subscribes in a passive effect, after the screen is on the terminal. Keys
 * typed in between went to the screen being left or to nobody: `?` then `q` in one go quit the
 * app instead of closing the help. Here a navigation detaches the screen being left at once,
 * keys wait while no screen is attached, and the next screen gets them, in order, as it
 * attaches during its commit.
 */
import type {Key} from 'ink';

export type KeyHandler = (input: string, key: Key) => void;

export class KeyRouter {
	private handler: KeyHandler | undefined;
	private readonly waiting: Array<[string, Key]> = [];

	press(input: string, key: Key): void {
		if (this.handler) {
			this.handler(input, key);
		} else {
			this.waiting.push([input, key]);
		}
	}

	/** A navigation has begun: the screen shown now gets no more keys. */
	leave(): void {
		this.handler = undefined;
	}

	/** Makes `handler` the screen's, first giving it the keys that waited; returns the detach. */
	attach(handler: KeyHandler): () => void {
		this.handler = handler;
		while (this.handler === handler && this.waiting.length > 0) {
			const [input, key] = this.waiting.shift()!;
			handler(input, key);
		}

		return () => {
			if (this.handler === handler) {
				this.handler = undefined;
			}
		};
	}
}
