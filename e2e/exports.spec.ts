import { readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { expect, logIn, test } from "./fixtures";

/*
 * Exports stream: a large general ledger is read a page at a time while it is sent, so the server's memory
 * does not grow with the size of the file. Measured on the running server's process (Linux /proc).
 */

/** The process listening on `port` on this machine: the socket's inode in /proc/net/tcp*, then the process holding it. */
function pidListeningOn(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is ADDR:PORT; state 0A is LISTEN; the inode is the tenth field.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A") inodes.add(fields[9]);
    }
  }
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return Number(pid);
      } catch {
        // the fd closed meanwhile
      }
    }
  }
  throw new Error(`no process found listening on port ${port}`);
}

/** Resident and peak resident memory of a process, in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)![1]) * 1024;
  return { rss: kib("VmRSS"), peak: kib("VmHWM") };
}

/** Starts the peak (VmHWM) afresh at the current resident size. */
function resetPeak(pid: number) {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

/** Downloads `url` as a stream, counting its CRLF-ended records, without keeping the body. */
async function countRecords(url: string, cookie: string) {
  const response = await fetch(url, { headers: { cookie } });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let records = 0;
  let bytes = 0;
  let first: string | null = null;
  let last = "";
  let partial = "";
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    bytes += chunk.value.length;
    const complete = (partial + decoder.decode(chunk.value, { stream: true })).split("\r\n");
    partial = complete.pop()!;
    if (complete.length === 0) continue;
    first ??= complete[0];
    last = complete[complete.length - 1];
    records += complete.length;
  }
  return { status: response.status, type: response.headers.get("Content-Type"), records, first, last, bytes };
}

test("a 100,000-line general ledger downloads as a stream, the server's memory growing by less than 50 MB", async ({ page, request, baseURL, organisation }) => {
  test.setTimeout(300_000);
  const written = await request.post("/dev/fixtures/ledger", { data: { slug: organisation.slug, entries: 25_000 }, headers: { Origin: baseURL! }, timeout: 240_000 });
  expect(written.status()).toBe(200);
  const { cashAccountId, cashLines } = (await written.json()) as { cashAccountId: string; cashLines: number };
  expect(cashLines).toBe(100_000);

  await logIn(page, organisation.email, organisation.password);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const url = `${baseURL}/app/${organisation.slug}/ledger/reports/general-ledger.csv?account=${cashAccountId}&from=2025-01-01&to=2025-12-31`;
  const pid = pidListeningOn(Number(new URL(baseURL!).port));

  // A first, small download warms up what any request needs (compiled code, pools), so the figure is the export's.
  const warmUp = await countRecords(`${baseURL}/app/${organisation.slug}/ledger/reports/general-ledger.csv?account=${cashAccountId}&from=2025-01-01&to=2025-01-10`, cookie);
  expect(warmUp.status).toBe(200);

  const before = memoryOf(pid).rss;
  resetPeak(pid);
  let sampled = before;
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, memoryOf(pid).rss);
  }, 20);
  const download = await countRecords(url, cookie).finally(() => clearInterval(sampler));
  const peak = Math.max(sampled, memoryOf(pid).peak);

  expect(download.status).toBe(200);
  expect(download.type).toBe("text/csv; charset=utf-8");
  // The header, the opening balance, every line and the closing balance.
  expect(download.records).toBe(1 + 1 + 100_000 + 1);
  expect(download.first).toBe("\uFEFFDate,Entry,Memo,Description,Party,Debit,Credit,Balance (debit positive)");
  expect(download.last).toMatch(/^2025-12-31,,Closing balance,,,\d+\.\d{2},0\.00,\d+\.\d{2}$/);
  const growthMb = (peak - before) / (1024 * 1024);
  console.log(`General ledger CSV: ${download.records} records, ${(download.bytes / 1024 / 1024).toFixed(1)} MB; server RSS ${(before / 1024 / 1024).toFixed(0)} MB before, peak ${(peak / 1024 / 1024).toFixed(0)} MB (+${growthMb.toFixed(1)} MB)`);
  expect(growthMb).toBeLessThan(50);
});
