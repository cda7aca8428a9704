import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * The GET form above a list or report: its fields in a grid (`className` sets the columns) and the submit button
 * in the last cell, level with the fields' inputs. `search` marks it as the page's search (role="search").
 */
export function FilterForm({ label, submitLabel, className, search = false, children }: { label: string; submitLabel: string; className: string; search?: boolean; children: ReactNode }) {
  return (
    <Form method="get" role={search ? "search" : undefined} aria-label={label} className={`card mb-6 grid gap-4 ${className}`}>
      {children}
      <div className="flex items-end">
        <button type="submit" className="btn-secondary w-full">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
