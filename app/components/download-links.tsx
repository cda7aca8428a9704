/**
 * Links that download what a list shows, filtered as it is, as CSV and as an Excel workbook: the list's resource
 * routes `<path>.csv` and `<path>.xlsx`, which stream every matching row (not only the page on screen).
 */
export function DownloadLinks({ path, query, subject }: { path: string; query: URLSearchParams; subject: string }) {
  const filters = new URLSearchParams(query);
  filters.delete("after");
  const search = filters.size ? `?${filters}` : "";
  return (
    <>
      <a href={`${path}.csv${search}`} download className="btn-secondary">
        Download CSV<span className="sr-only"> of the {subject}</span>
      </a>
      <a href={`${path}.xlsx${search}`} download className="btn-secondary">
        Download Excel<span className="sr-only"> workbook of the {subject}</span>
      </a>
    </>
  );
}
