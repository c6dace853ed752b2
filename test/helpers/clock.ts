/** A clock tests can move instead of sleeping. */
export class TestClock {
  #ms: number;
  constructor(start: Date | number = Date.UTC(2026, 0, 15, 12, 0, 0)) {
    this.#ms = typeof start === 'number' ? start : start.getTime();
  }
  now = (): Date => new Date(this.#ms);
  advanceSeconds(seconds: number): void {
    this.#ms += seconds * 1000;
  }
  set(date: Date): void {
    this.#ms = date.getTime();
  }
  get seconds(): number {
    return this.#ms / 1000;
  }
}
