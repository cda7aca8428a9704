import { setDatabase, type DatabaseHandle } from "~/db.server";
import { openTestDatabase } from "./database";

process.env.APP_ENV ??= "test";
process.env.JOBS = "off";

let current: { handle: DatabaseHandle; dispose(): Promise<void> } | undefined;

beforeAll(async () => {
  current = await openTestDatabase();
  setDatabase(current.handle);
});

afterAll(async () => {
  setDatabase(undefined);
  await current?.dispose();
});
