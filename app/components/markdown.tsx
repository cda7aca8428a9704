import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDate } from "~/utils/format";
import { DataTable } from "./data-table";

const TYPOGRAPHY = [
  "space-y-3 text-slate-800 leading-relaxed",
  "[&_h2]:mt-6 [&_h2]:text-xl [&_h2]:font-semibold",
  "[&_h3]:mt-5 [&_h3]:text-lg [&_h3]:font-semibold",
  "[&_h4]:mt-4 [&_h4]:font-semibold [&_h5]:font-semibold [&_h6]:font-semibold",
  "[&_ul]:list-disc [&_ul]:pl-6 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:mt-1",
  "[&_a]:font-medium [&_a]:text-brand-700 [&_a]:underline",
  "[&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-4 [&_blockquote]:text-slate-600",
  "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:text-sm",
  "[&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-3",
  "[&_table]:min-w-full [&_table]:text-sm [&_th]:border-b [&_th]:px-2 [&_th]:py-1 [&_th]:text-left [&_td]:px-2 [&_td]:py-1",
  "[&_hr]:my-6",
].join(" ");

/**
 * HTML produced by renderMarkdown (app/utils/markdown.server.ts) on the server: already sanitised, so it may be
 * set as inner HTML. Never pass anything else here.
 */
export function MarkdownContent({ html, className = "" }: { html: string; className?: string }) {
  return <div className={`${TYPOGRAPHY} ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

export interface VersionRow {
  version: number;
  lastUpdated: string;
  effectiveDate: string;
  material: boolean;
}

/** Every version of a notice, newest first, each linked to its own page. */
export function NoticeVersionsTable({
  versions,
  currentVersion,
  hrefFor,
  caption,
  locale,
}: {
  versions: VersionRow[];
  currentVersion: number;
  hrefFor: (version: number) => string;
  caption: string;
  /** The publisher's locale, for the dates. */
  locale: string;
}) {
  return (
    <DataTable caption={caption} columns={["Version", "Last updated", "Effective", "Change"]} rows={versions} rowKey={(v) => v.version}>
      {(v) => (
        <>
          <th scope="row">
            <Link to={hrefFor(v.version)} className="link">
              Version {v.version}
            </Link>
            {v.version === currentVersion ? <span className="ml-2 text-xs text-slate-500">(in effect)</span> : null}
            {v.version > currentVersion ? <span className="ml-2 text-xs text-slate-500">(upcoming)</span> : null}
          </th>
          <td>{formatDate(v.lastUpdated, locale)}</td>
          <td>{formatDate(v.effectiveDate, locale)}</td>
          <td>{v.material ? "Material" : "Minor"}</td>
        </>
      )}
    </DataTable>
  );
}

/** One version of a notice with its dates, the versions list, and where it stands. */
export function NoticeDocument({
  title,
  notice,
  currentVersion,
  upcoming,
  versions,
  hrefFor,
  locale,
  children,
}: {
  title: string;
  notice: VersionRow & { html: string };
  currentVersion: number;
  upcoming: VersionRow[];
  versions: VersionRow[];
  hrefFor: (version: number) => string;
  /** The publisher's locale, for the dates. */
  locale: string;
  children?: ReactNode;
}) {
  const isCurrent = notice.version === currentVersion;
  return (
    <article className="max-w-3xl">
      <h1 className="text-3xl font-bold">{title}</h1>
      <p className="mt-2 text-sm text-slate-600">
        Version {notice.version} · Last updated {formatDate(notice.lastUpdated, locale)} · Effective {formatDate(notice.effectiveDate, locale)}
      </p>
      {!isCurrent ? (
        <p role="note" className="mt-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          {notice.version < currentVersion ? "This is an earlier version of the notice, kept for reference. " : "This version is not in effect yet. "}
          <Link to={hrefFor(currentVersion)} className="link">
            Read the notice in effect (version {currentVersion})
          </Link>
          .
        </p>
      ) : null}
      {isCurrent && upcoming.length > 0 ? (
        <p role="note" className="mt-4 rounded-md border border-brand-100 bg-brand-50 p-3 text-sm">
          An updated notice takes effect on {formatDate(upcoming[0].effectiveDate, locale)}:{" "}
          <Link to={hrefFor(upcoming[0].version)} className="link">
            read version {upcoming[0].version}
          </Link>
          .
        </p>
      ) : null}
      {children}
      <MarkdownContent html={notice.html} className="mt-6" />
      <section aria-labelledby="versions-heading" className="mt-10">
        <h2 id="versions-heading" className="text-lg font-semibold">
          All versions
        </h2>
        <div className="card mt-3 overflow-x-auto p-4">
          <NoticeVersionsTable versions={versions} currentVersion={currentVersion} hrefFor={hrefFor} caption="Versions of this notice, newest first" locale={locale} />
        </div>
      </section>
    </article>
  );
}
