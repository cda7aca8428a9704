import { NavLink, Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { can, type Permission } from "~/modules/tenancy/permissions";
import { useOrganisation } from "~/utils/route-data";

const TABS: Array<{ label: string; to: string; permission: Permission }> = [
  { label: "Organisation", to: ".", permission: "org:manage" },
  { label: "Members", to: "members", permission: "members:manage" },
  { label: "Audit trail", to: "audit", permission: "audit:read" },
];

export default function SettingsLayout() {
  const { role } = useOrganisation();
  return (
    <>
      <nav aria-label="Settings" className="mb-6 flex gap-2 border-b border-slate-200">
        {TABS.filter((tab) => can(role, tab.permission)).map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end
            className={({ isActive }) =>
              `-mb-px border-b-2 px-3 py-2 text-sm font-medium ${isActive ? "border-brand-600 text-brand-800" : "border-transparent text-slate-600 hover:text-slate-900"}`
            }
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
