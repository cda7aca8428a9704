import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { can, ROLE_LABELS, type Permission, type Role } from "~/modules/tenancy/permissions";
import { SiteFooter } from "./public-layout";

export interface ShellData {
  organisation: { slug: string; name: string };
  role: Role;
  user: { name: string; email: string };
  organisations: Array<{ slug: string; name: string; role: Role }>;
}

/** `section`: the path whose pages all count as this item's (Settings links to its members page, but covers every settings page). */
const NAVIGATION: Array<{ label: string; path: string; permission: Permission; end?: boolean; section?: string }> = [
  { label: "Dashboard", path: "", permission: "org:read", end: true },
  { label: "Inventory", path: "inventory", permission: "inventory:read" },
  { label: "Sales", path: "sales", permission: "sales:read" },
  { label: "Purchasing", path: "purchasing", permission: "purchasing:read" },
  { label: "Ledger", path: "ledger", permission: "ledger:read" },
  { label: "CRM", path: "crm", permission: "crm:read" },
  { label: "Privacy", path: "privacy", permission: "privacy:manage" },
  { label: "Settings", path: "settings/members", permission: "members:manage", section: "settings" },
];

function Sidebar({ data, label }: { data: ShellData; label: string }) {
  const base = `/app/${data.organisation.slug}`;
  const { pathname } = useLocation();
  const current = pathname.replace(/\/+$/, "");
  return (
    <nav aria-label={label} className="flex flex-col gap-1">
      {NAVIGATION.filter((item) => can(data.role, item.permission)).map((item) => {
        const to = item.path ? `${base}/${item.path}` : base;
        const section = item.section === undefined ? to : `${base}/${item.section}`;
        const active = item.end ? current === to : current === section || current.startsWith(`${section}/`);
        return (
          <Link
            key={item.label}
            to={to}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-brand-100 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}

function OrganisationSwitcher({ data }: { data: ShellData }) {
  return (
    <details className="relative">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold">
        <span className="sr-only">Current organisation: </span>
        {data.organisation.name} <span aria-hidden="true">▾</span>
      </summary>
      <div className="absolute left-0 z-20 mt-1 w-64 rounded-md border border-slate-200 bg-white p-2 shadow-lg">
        <p className="px-2 pb-1 text-xs font-semibold uppercase text-slate-500">Switch organisation</p>
        <ul>
          {data.organisations.map((org) => (
            <li key={org.slug}>
              <Link
                to={`/app/${org.slug}`}
                aria-current={org.slug === data.organisation.slug ? "page" : undefined}
                className="block rounded px-2 py-1 text-sm hover:bg-slate-100 aria-[current=page]:font-semibold"
              >
                {org.name} <span className="text-xs text-slate-500">({ROLE_LABELS[org.role]})</span>
              </Link>
            </li>
          ))}
        </ul>
        <Link to="/app/new" className="mt-2 block rounded px-2 py-1 text-sm text-brand-700 hover:bg-slate-100">
          Create another organisation
        </Link>
      </div>
    </details>
  );
}

function UserMenu({ data }: { data: ShellData }) {
  return (
    <details className="relative">
      <summary className="cursor-pointer list-none rounded-md px-3 py-2 text-sm font-medium hover:bg-slate-100">
        <span className="sr-only">Account menu for </span>
        {data.user.name} <span aria-hidden="true">▾</span>
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-slate-200 bg-white p-2 shadow-lg">
        <p className="truncate px-2 pb-2 text-xs text-slate-500">{data.user.email}</p>
        <p className="px-2 pb-2 text-xs text-slate-500">Role: {ROLE_LABELS[data.role]}</p>
        <Link to="/account/password" className="block rounded px-2 py-1 text-sm hover:bg-slate-100">
          Change password
        </Link>
        <Link to="/account/privacy" className="block rounded px-2 py-1 text-sm hover:bg-slate-100">
          Your privacy rights
        </Link>
        <Form method="post" action="/logout">
          <button type="submit" className="block w-full rounded px-2 py-1 text-left text-sm hover:bg-slate-100">
            Log out
          </button>
        </Form>
      </div>
    </details>
  );
}

export function AppShell({ data, children }: { data: ShellData; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="flex flex-wrap items-center justify-between gap-2 px-4 py-2">
          <div className="flex items-center gap-3">
            <Link to={`/app/${data.organisation.slug}`} className="text-lg font-bold text-brand-700">
              Folio
            </Link>
            <OrganisationSwitcher data={data} />
          </div>
          <UserMenu data={data} />
        </div>
        <details className="border-t border-slate-100 px-4 py-2 md:hidden">
          <summary className="cursor-pointer text-sm font-medium">Menu</summary>
          <div className="mt-2">
            <Sidebar data={data} label="Main menu" />
          </div>
        </details>
      </header>
      <div className="flex flex-1">
        <aside className="hidden w-56 shrink-0 border-r border-slate-200 bg-white p-3 md:block">
          <Sidebar data={data} label="Main" />
        </aside>
        {/* The footer belongs to the content column: the sidebar runs the full height beside both. */}
        <div className="flex min-w-0 flex-1 flex-col">
          <main id="main" className="flex-1 p-4 md:p-8">
            {children}
          </main>
          <SiteFooter />
        </div>
      </div>
    </div>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
      <div>
        <h1 className="text-2xl font-bold">{title}</h1>
        {description ? <p className="mt-1 text-slate-600">{description}</p> : null}
      </div>
      {actions}
    </div>
  );
}
