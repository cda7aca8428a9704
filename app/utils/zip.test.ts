import { crc32 } from "node:zlib";
import { unzipStored, zipFiles } from "./zip";

describe("zipFiles", () => {
  it("writes a stored zip whose entries, names and checksums read back", () => {
    const archive = zipFiles([
      { name: "my-data.json", content: '{"a":"Müller"}' },
      { name: "csv/customers.csv", content: "id,name\r\n1,Ä\r\n" },
    ]);
    expect(archive.readUInt32LE(archive.length - 22)).toBe(0x06054b50);
    expect(archive.readUInt16LE(archive.length - 12)).toBe(2);
    const files = unzipStored(archive);
    expect(files).toEqual([
      { name: "my-data.json", text: '{"a":"Müller"}' },
      { name: "csv/customers.csv", text: "id,name\r\n1,Ä\r\n" },
    ]);
    expect(archive.readUInt32LE(14)).toBe(crc32(Buffer.from('{"a":"Müller"}')) >>> 0);
  });
});
