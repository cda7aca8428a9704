import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useRouteLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import type { ReactNode } from "react";
import { ConsentBanner, GpcNotice } from "./components/consent-banner";
import { ConsentedScripts } from "./components/consented-scripts";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { PublicLayout } from "./components/public-layout";
import { consentForPage } from "./modules/privacy/consent.server";
import stylesheet from "./tailwind.css";
import { readFlash } from "./utils/flash.server";
import { useNonce } from "./utils/nonce";
import { requestContext } from "./workflows/request-context.server";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.ico", sizes: "any" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "stylesheet", href: stylesheet },
];

export const meta: MetaFunction = () => [{ title: "Folio" }, { name: "description", content: "Inventory, sales, purchasing and books for trading businesses." }];

export async function loader({ request }: LoaderFunctionArgs) {
  // The request's context (session, consent, memberships) is read once here for every loader of the page.
  const [{ authenticated, site, folioConsent }, { flash, setCookie }] = await Promise.all([requestContext(request), readFlash(request)]);
  const { consent, setCookies } = await consentForPage(request, site.site, {
    userId: authenticated?.user.id ?? null,
    siteName: site.name,
    loaded: folioConsent ?? undefined,
  });
  const headers = new Headers();
  if (setCookie) headers.append("Set-Cookie", setCookie);
  if (authenticated?.refreshedCookie) headers.append("Set-Cookie", authenticated.refreshedCookie);
  for (const cookie of setCookies) headers.append("Set-Cookie", cookie);
  return json(
    {
      user: authenticated ? { id: authenticated.user.id, name: authenticated.user.name, email: authenticated.user.email } : null,
      flash,
      consent,
    },
    { headers },
  );
}

/** Which site's consent a path is under (Folio, or an organisation's public pages): see consent.server.ts. */
function consentSiteKey(pathname: string) {
  return /^\/(?:p|o)\/([^/]+)(?:\/|$)/.exec(pathname)?.[1] ?? "";
}

/** The root's data (user, consent) is read again when navigation crosses from one site's pages to another's. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  defaultShouldRevalidate || consentSiteKey(currentUrl.pathname) !== consentSiteKey(nextUrl.pathname);

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const consent = useRootData()?.consent;
  const { pathname } = useLocation();
  // The cookie settings page offers the banner's choice itself.
  const showBanner = consent?.needsBanner && pathname !== consent.cookieSettingsPath;
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {consent ? <ConsentedScripts scripts={consent.scripts} vendorScripts={consent.vendorScripts} nonce={nonce} /> : null}
      </head>
      {/* A flex column, so that the cookie banner (order-last, sticky) sits after the page without pushing it down. */}
      <body className="flex min-h-full flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
          Skip to content
        </a>
        {showBanner ? <ConsentBanner consent={consent} /> : null}
        {consent?.gpcJustHonoured ? <GpcNotice consent={consent} /> : null}
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
