import { json } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { db } from "~/db.server";

export async function loader() {
  await db().execute(sql`select 1`);
  return json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
