import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { CookieSettingsLink } from "./consent-banner";

/**
 * An organisation's public pages (its landing pages and notices): its name on top, its notices below. The privacy
 * notice page always exists: Folio's, with a note, until the organisation publishes its own.
 */
export function OrganisationPublicLayout({ organisation, children }: { organisation: { name: string; slug: string }; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center px-4 py-3">
          <p className="text-lg font-bold text-slate-900">{organisation.name}</p>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-4xl flex-1 px-4 py-10">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <nav aria-label="Footer" className="mx-auto flex max-w-4xl flex-wrap gap-4 px-4 py-4 text-sm text-slate-600">
          <span>© {organisation.name}</span>
          <Link to={`/o/${organisation.slug}/privacy`} className="link">
            Privacy notice
          </Link>
          <CookieSettingsLink />
          <span className="ml-auto">
            Powered by{" "}
            <Link to="/" className="link">
              Folio
            </Link>
          </span>
        </nav>
      </footer>
    </div>
  );
}
