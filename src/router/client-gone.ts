// Whether a client is still waiting for its response, for a request the router holds.

/**
 * The client went away before its response was complete. A flag, and an AbortSignal only for a
 * request that has to wait for a dyno: making an AbortController per request cost more than
 * routing it.
 */
export class ClientGone {
  #aborted = false;
  #controller: AbortController | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.#aborted) this.#controller.abort();
    return this.#controller.signal;
  }

  abort(): void {
    this.#aborted = true;
    this.#controller?.abort();
  }
}
