import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

export interface SectionLink {
  to: string;
  title: string;
  text: ReactNode;
}

/** An area's overview: a card per section, its title linking to it and a line on what is there. */
export function SectionLinks({ sections, className }: { sections: readonly SectionLink[]; className: string }) {
  return (
    <ul className={className}>
      {sections.map((section) => (
        <li key={section.to} className="card">
          <h2 className="text-lg font-semibold">
            <Link to={section.to} className="link">
              {section.title}
            </Link>
          </h2>
          <p className="mt-1 text-sm text-slate-600">{section.text}</p>
        </li>
      ))}
    </ul>
  );
}

/** The link back to the page above this one, over its header. */
export function ParentLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p className="mb-2 text-sm">
      <Link to={to} className="link">
        {children}
      </Link>
    </p>
  );
}
