// Waiting for a condition without sleeping blindly: poll it until it holds
// or the deadline passes.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls cond() every 25 ms until it returns a truthy value (returned) or
 * timeoutMs passed (throws, naming what was awaited). cond may throw to
 * give up early.
 */
export async function until(what, cond, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = cond();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}
