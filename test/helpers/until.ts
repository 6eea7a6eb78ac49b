/**
 * Waiting for something the test cannot subscribe to (a file, an HTTP answer, another process's
 * state): `check` is polled every `everyMs` until it holds, within a bound. Resolves with the ms it
 * took (tests report it); rejects naming `label` after `timeoutMs`.
 */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, label: string, everyMs = 20): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return performance.now() - start;
}

/** Like `until`, for a value: resolves with the first one `probe` gives that is not undefined. */
export async function untilValue<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, label: string, everyMs = 50): Promise<T> {
  let found: T | undefined;
  await until(async () => (found = await probe()) !== undefined, timeoutMs, label, everyMs);
  return found as T;
}
