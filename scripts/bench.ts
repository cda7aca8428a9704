// `npm run bench -- <name> [--quick] [--keep]`: runs one benchmark on a database of its own (created on the server
// DATABASE_URL names and dropped at the end; without DATABASE_URL, --quick only, on in-memory PGlite), prints
// its progress, whether each budget is met, and last a line of JSON with its figures. Exits 0 when the
// benchmark ran (a missed budget is a figure, not an error), 1 when it failed, 2 on a usage error.
// --keep leaves the Postgres database in place to look into the figures (the run prints its name).
import "./production-mode"; // first: the pages benchmark serves React's production build, as npm start does
import { env } from "../app/modules/platform/env.server";
import { type BenchDatabase, withBenchDatabase } from "./bench/database";
import { runLedgerBench } from "./bench/ledger";
import { seconds, timed } from "./bench/measure";

interface Benchmark {
  description: string;
  /** Connections the benchmark's pool needs. */
  maxConnections: number;
  /** Its full scale runs on in-memory PGlite as well (without DATABASE_URL). */
  pgliteFullScale?: boolean;
  run(database: BenchDatabase, options: { quick: boolean; log: (line: string) => void }): Promise<{ figures: object; budgetLines: string[] }>;
}

const BENCHMARKS: Record<string, Benchmark> = {
  ledger: {
    description: "posting throughput, trial balance and aging at 10,000 and 1,000,000 journal lines",
    maxConnections: 10,
    run: ({ handle }, options) => runLedgerBench(handle, options),
  },
  inventory: {
    description: "stock issues per second (spread and on one item), balance and history pages, stock as at a date, 50 buyers for 10 in stock",
    maxConnections: 20,
    run: async (database, options) => (await import("./bench/inventory")).runInventoryBench(database, options),
  },
  pages: {
    description: "requests per second and transactions of four pages of the built server, against /healthz",
    maxConnections: 10,
    pgliteFullScale: true,
    // Imported when chosen: it loads the whole app (the server, the build).
    run: async (database, options) => (await import("./bench/pages")).runPagesBench(database, options),
  },
};

function usage(problem: string) {
  const list = Object.entries(BENCHMARKS)
    .map(([name, b]) => `  ${name.padEnd(10)}${b.description}`)
    .join("\n");
  console.error(`${problem}\nUsage: npm run bench -- <name> [--quick] [--keep]\nBenchmarks:\n${list}`);
}

async function main(args: string[]): Promise<number> {
  const quick = args.includes("--quick");
  const keep = args.includes("--keep");
  const unknownFlags = args.filter((a) => a.startsWith("-") && a !== "--quick" && a !== "--keep");
  const names = args.filter((a) => !a.startsWith("-"));
  if (unknownFlags.length) {
    usage(`Unknown option ${unknownFlags[0]}.`);
    return 2;
  }
  if (names.length !== 1) {
    usage(names.length ? "Name one benchmark." : "Name the benchmark to run.");
    return 2;
  }
  const benchmark = BENCHMARKS[names[0]];
  if (!benchmark) {
    usage(`Unknown benchmark "${names[0]}".`);
    return 2;
  }
  const log = (line: string) => console.log(line);
  try {
    const { result, ms } = await timed(() =>
      withBenchDatabase({ url: env().DATABASE_URL, quick, keep, maxConnections: benchmark.maxConnections, pgliteFullScale: benchmark.pgliteFullScale, log }, (database) =>
        benchmark.run(database, { quick, log }),
      ),
    );
    log(`Finished in ${seconds(ms)}.`);
    for (const line of result.budgetLines) log(line);
    console.log(JSON.stringify(result.figures));
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
