/**
 * A background job that runs every `intervalMs` until stopped (the outbox worker, the domain-event
 * consumers). A run is skipped while the previous one is still busy, so runs never overlap; the
 * returned stop function waits for the run in progress, so a shutdown finishes the current batch
 * and starts no other. The timer does not keep the process alive.
 */
export function startPolling(intervalMs: number, run: () => Promise<unknown>, onError: (err: unknown) => void): () => Promise<void> {
  let stopped = false;
  let busy = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped || busy) return;
    busy = true;
    running = run()
      .catch(onError)
      .finally(() => { busy = false; });
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
