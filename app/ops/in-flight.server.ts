// The work that requests have started and not finished, so that a stopping process closes its pools only
// after it (ADR 055). A request's work can outlive its connection: a person who closes the tab, or a proxy
// that gives up, leaves the loader or action running, and the server's close — which waits for
// connections, not for work — let the pools close under it (« driver has already been destroyed », seen
// at the end of a bench run; on a write, a transaction cut short and rolled back).

export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Counts this work as in flight until it settles; returns it unchanged (its failure stays the caller's). */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const done = () => void this.running.delete(work);
    work.then(done, done);
    return work;
  }

  /** How many pieces of work are under way. */
  get size(): number {
    return this.running.size;
  }

  /** Resolves once no work is under way, including work started while waiting; never rejects. */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
