import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "~/modules/identity/auth.server";
import { getAuthenticated } from "~/modules/identity/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const authenticated = await getAuthenticated(request);
  if (!authenticated) return redirect("/login");
  return redirect("/login", { headers: { "Set-Cookie": await logout(authenticated.session.id) } });
}
