import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { PublicLayout } from "./components/public-layout";
import { getAuthenticated } from "./modules/identity/session.server";
import stylesheet from "./tailwind.css";
import { readFlash } from "./utils/flash.server";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = () => [{ title: "Folio" }, { name: "description", content: "Inventory, sales, purchasing and books for trading businesses." }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [authenticated, { flash, setCookie }] = await Promise.all([getAuthenticated(request), readFlash(request)]);
  const headers = new Headers();
  if (setCookie) headers.append("Set-Cookie", setCookie);
  if (authenticated?.refreshedCookie) headers.append("Set-Cookie", authenticated.refreshedCookie);
  return json(
    {
      user: authenticated ? { id: authenticated.user.id, name: authenticated.user.name, email: authenticated.user.email } : null,
      flash,
    },
    { headers },
  );
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
          Skip to content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return (
    <PublicLayout narrow={false}>
      <GeneralErrorBoundary />
    </PublicLayout>
  );
}
