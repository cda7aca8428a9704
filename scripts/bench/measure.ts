import { performance } from "node:perf_hooks";

export function median(values: number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds with one decimal, as the benchmarks report them. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Runs `step` and returns its result with how long it took, in milliseconds. */
export async function timed<T>(step: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await step();
  return { result, ms: performance.now() - start };
}

/**
 * The median time of `runs` calls of `measure`, after `warmUp` calls that are not counted. `measure` reports
 * its own time so that it can leave out what is not the operation (opening a transaction, say).
 */
export async function medianMs(measure: () => Promise<number>, options: { runs?: number; warmUp?: number } = {}): Promise<number> {
  for (let i = 0; i < (options.warmUp ?? 1); i++) await measure();
  const times: number[] = [];
  for (let i = 0; i < (options.runs ?? 7); i++) times.push(await measure());
  return roundMs(median(times));
}

/** A small seeded generator (mulberry32): the same inputs on every run, without Math.random. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [0, n). */
    below: (n: number) => Math.floor(next() * n),
  };
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
