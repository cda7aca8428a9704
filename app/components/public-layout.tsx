import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { CookieSettingsLink } from "./consent-banner";

export function PublicLayout({ children, narrow = true }: { children: ReactNode; narrow?: boolean }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between px-4 py-3">
          <Link to="/" className="text-lg font-bold text-brand-700">
            Folio
          </Link>
          <nav aria-label="Account" className="flex gap-4 text-sm">
            <Link to="/login" className="link">
              Log in
            </Link>
            <Link to="/signup" className="link">
              Sign up
            </Link>
          </nav>
        </div>
      </header>
      <main id="main" className={`mx-auto w-full flex-1 px-4 py-10 ${narrow ? "max-w-md" : "max-w-5xl"}`}>
        {children}
      </main>
      <SiteFooter />
    </div>
  );
}

export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap gap-4 px-4 py-4 text-sm text-slate-600">
        <span>© Folio</span>
        <Link to="/privacy" className="link">
          Privacy notice
        </Link>
        <CookieSettingsLink />
      </div>
    </footer>
  );
}
