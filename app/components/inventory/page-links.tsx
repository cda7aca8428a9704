import { Link, useSearchParams } from "@remix-run/react";

/**
 * The links of a keyset list under its table: back to the first page (when on a later one) and on to the next (when
 * there is one), each keeping the list's filters. `labels` name them where "first" and "next" read oddly (the move
 * ledger's newest and older moves).
 */
export function PageLinks({ next, labels = { first: "First page", next: "Next page" } }: { next: string | null; labels?: { first: string; next: string } }) {
  const [searchParams] = useSearchParams();
  const first = new URLSearchParams(searchParams);
  first.delete("after");
  const more = new URLSearchParams(searchParams);
  if (next) more.set("after", next);
  return (
    <nav aria-label="Pages" className="mt-4 flex gap-4 text-sm">
      {searchParams.get("after") ? (
        <Link to={`?${first}`} className="link">
          {labels.first}
        </Link>
      ) : null}
      {next ? (
        <Link to={`?${more}`} className="link">
          {labels.next}
        </Link>
      ) : null}
    </nav>
  );
}
