import { Link, useSearchParams } from "@remix-run/react";

/** The count of a paged list and its Previous/Next page links, which keep the other query parameters; `noun` is singular ("lead"). */
export function Pager({ total, page, pageCount, noun }: { total: number; page: number; pageCount: number; noun: string }) {
  const [searchParams] = useSearchParams();
  const pageLink = (to: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(to));
    return `?${next}`;
  };
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-4 text-sm">
      <p className="text-slate-600">
        {total === 1 ? `1 ${noun}` : `${total} ${noun}s`} · page {page} of {pageCount}
      </p>
      <div className="flex gap-3">
        {page > 1 ? (
          <Link to={pageLink(page - 1)} className="link">
            Previous page
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link to={pageLink(page + 1)} className="link">
            Next page
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
