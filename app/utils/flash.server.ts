import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { sessionSecret } from "~/modules/platform/secrets.server";
import { env } from "~/modules/platform/env.server";

export interface Flash {
  kind: "success" | "error" | "info";
  message: string;
}

type FlashStorage = ReturnType<typeof createCookieSessionStorage<Record<string, never>, { flash: Flash }>>;

let storage: FlashStorage | undefined;

function flashStorage() {
  storage ??= createCookieSessionStorage<Record<string, never>, { flash: Flash }>({
    cookie: {
      name: "folio_flash",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: env().APP_ENV === "production",
      secrets: [sessionSecret()],
    },
  });
  return storage;
}

/** Reads and clears the one-time message; the returned header must be sent with the response. */
export async function readFlash(request: Request): Promise<{ flash: Flash | null; setCookie: string | null }> {
  const session = await flashStorage().getSession(request.headers.get("cookie"));
  const flash = session.get("flash") ?? null;
  if (!flash) return { flash: null, setCookie: null };
  return { flash, setCookie: await flashStorage().destroySession(session) };
}

export async function flashCookie(flash: Flash): Promise<string> {
  const session = await flashStorage().getSession();
  session.flash("flash", flash);
  return flashStorage().commitSession(session);
}

/** Redirects with a message shown once on the next page. */
export async function redirectWithFlash(to: string, flash: Flash, init: { headers?: HeadersInit } = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flashCookie(flash));
  return redirect(to, { headers });
}
