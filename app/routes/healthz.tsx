import { json } from "@remix-run/node";
import { checkDatabase } from "~/modules/platform/startup.server";

export async function loader() {
  const database = await checkDatabase();
  const headers = { "Cache-Control": "no-store" };
  if (!database.ok) return json({ status: "unavailable", reason: database.reason }, { status: 503, headers });
  return json({ status: "ok" }, { headers });
}
