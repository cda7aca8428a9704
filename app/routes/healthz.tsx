import { json } from "@remix-run/node";
import { checkDatabase } from "~/modules/platform/startup.server";

export async function loader() {
  await checkDatabase();
  return json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
