/** Polls until check() returns a value (not undefined/false), or fails with what it last saw. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 250,
): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  let last: unknown;
  while (Date.now() - t0 < timeoutMs) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return { value: v as T, ms: Date.now() - t0 };
      last = v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(
    `timed out after ${timeoutMs / 1000} s waiting for ${what} (last: ${last instanceof Error ? last.message : String(last)})`,
  );
}
