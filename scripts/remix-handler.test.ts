import { finished } from "node:stream/promises";
import { Writable } from "node:stream";
import { writeBody } from "./remix-handler";

/** A body of `chunks` chunks of `size` bytes that counts how many have been read from it. */
function countedBody(chunks: number, size: number) {
  let read = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (read === chunks) return controller.close();
        read += 1;
        controller.enqueue(new Uint8Array(size));
      },
    },
    { highWaterMark: 0 },
  );
  return { body, read: () => read };
}

describe("writing a streamed response body", () => {
  it("reads the next chunk only when the socket has room, so a slow client holds a bounded buffer", async () => {
    const { body } = countedBody(200, 1024);
    let peak = 0;
    let received = 0;
    const slowClient = new Writable({
      highWaterMark: 4096,
      write(chunk: Buffer, _encoding, done) {
        peak = Math.max(peak, slowClient.writableLength);
        received += chunk.length;
        setTimeout(done, 1);
      },
    });
    await writeBody(body, slowClient);
    await finished(slowClient);
    expect(received).toBe(200 * 1024);
    // Without waiting for 'drain' the whole body (200 KiB) would queue up in front of the client.
    expect(peak).toBeLessThanOrEqual(4096 + 1024);
  });

  it("stops reading the body when the client goes away", async () => {
    const { body, read } = countedBody(10_000, 1024);
    const client = new Writable({
      highWaterMark: 2048,
      write(_chunk, _encoding, done) {
        setTimeout(done, 5);
      },
    });
    const writing = writeBody(body, client);
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.destroy();
    await writing;
    const readWhenGone = read();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(read()).toBe(readWhenGone);
    expect(readWhenGone).toBeLessThan(100);
  });
});
