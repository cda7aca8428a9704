import { crc32 } from "node:zlib";

/**
 * A zip archive of a few small files, stored without compression (method 0): what the access package and its
 * CSV files need, without a dependency. Names are ASCII; sizes stay far below the 4 GB of plain zip.
 */
export function zipFiles(files: ReadonlyArray<{ name: string; content: string | Uint8Array }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, "utf8");
    const data = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : Buffer.from(file.content);
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(0, 10); // time and date: 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** The files of a stored zip (for tests): name and text. */
export function unzipStored(archive: Buffer): Array<{ name: string; text: string }> {
  const files: Array<{ name: string; text: string }> = [];
  let at = 0;
  while (archive.readUInt32LE(at) === 0x04034b50) {
    const size = archive.readUInt32LE(at + 18);
    const nameLength = archive.readUInt16LE(at + 26);
    const name = archive.subarray(at + 30, at + 30 + nameLength).toString("utf8");
    const start = at + 30 + nameLength;
    files.push({ name, text: archive.subarray(start, start + size).toString("utf8") });
    at = start + size;
  }
  return files;
}

export interface StreamedZipEntry {
  name: string;
  /** The file's bytes (or text, written as UTF-8) as they are produced. */
  content: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
}

/**
 * A zip archive written as its files are produced, stored without compression like zipFiles: each entry's
 * sizes and checksum follow its data (a data descriptor, flag bit 3), so nothing of a file is held in memory;
 * only the central directory (a few dozen bytes per file) waits for the end. The stream pulls the next piece
 * only when the consumer asks for it, so a slow download reads the database slowly.
 */
export function zipStream(entries: AsyncIterable<StreamedZipEntry> | Iterable<StreamedZipEntry>): ReadableStream<Uint8Array> {
  const iterator = zipPieces(entries);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
}

async function* zipPieces(entries: AsyncIterable<StreamedZipEntry> | Iterable<StreamedZipEntry>): AsyncGenerator<Uint8Array, void, undefined> {
  const centrals: Buffer[] = [];
  let offset = 0;
  let count = 0;
  for await (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0808, 6); // UTF-8 names, sizes in the data descriptor
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt16LE(name.length, 26);
    yield local;
    yield name;
    let crc = 0;
    let size = 0;
    for await (const piece of entry.content) {
      const data = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
      if (data.length === 0) continue;
      crc = crc32(data, crc);
      size += data.length;
      yield data;
    }
    crc = crc >>> 0;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(size, 8);
    descriptor.writeUInt32LE(size, 12);
    yield descriptor;
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0808, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(size, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + size + descriptor.length;
    count++;
  }
  const centralSize = centrals.reduce((sum, b) => sum + b.length, 0);
  for (const piece of centrals) yield piece;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  yield end;
}

/** The files of a zip read from its central directory (for tests of streamed archives, whose local headers carry no sizes). */
export function unzipByDirectory(archive: Buffer): Array<{ name: string; text: string }> {
  let end = archive.length - 22;
  while (end >= 0 && archive.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip archive");
  const entries = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files: Array<{ name: string; text: string }> = [];
  for (let i = 0; i < entries; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error("broken central directory");
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extra = archive.readUInt16LE(at + 30);
    const comment = archive.readUInt16LE(at + 32);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(start, start + size);
    if ((crc32(data) >>> 0) !== archive.readUInt32LE(at + 16)) throw new Error(`checksum of ${name} does not match`);
    files.push({ name, text: data.toString("utf8") });
    at += 46 + nameLength + extra + comment;
  }
  return files;
}
