// The pages benchmark's load generator, run as a process of its own so that it does not share the server's event
// loop: `node --import tsx scripts/bench/load.ts '<json options>'` prints autocannon's result as JSON.
import autocannon from "autocannon";

const options = JSON.parse(process.argv[2] ?? "{}") as { url: string; connections: number; cookie?: string; seconds?: number; requests?: number };
const result = await autocannon({
  url: options.url,
  connections: options.connections,
  timeout: 120, // seconds: on PGlite, one in-process backend, a page waits for the 31 requests before it
  headers: options.cookie ? { cookie: options.cookie } : {},
  ...(options.requests ? { amount: options.requests } : { duration: options.seconds ?? 10 }),
});
const { duration, non2xx, errors, timeouts, statusCodeStats } = result;
console.log(JSON.stringify({ duration, non2xx, errors, timeouts, "2xx": result["2xx"], statusCodeStats }));
