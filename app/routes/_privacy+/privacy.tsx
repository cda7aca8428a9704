import { json, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { NoticeDocument } from "~/components/markdown";
import { PublicLayout } from "~/components/public-layout";
import { ensureFolioNotice } from "~/modules/privacy/notices.server";
import { FOLIO_REGIONAL } from "~/utils/format";
import { renderMarkdown } from "~/utils/markdown.server";

export const meta: MetaFunction = () => [{ title: "Privacy notice · Folio" }];

/** Folio's privacy notice in effect, with the list of every version. */
export async function loader() {
  const { current, versions, upcoming } = await ensureFolioNotice();
  return json({
    notice: { version: current.version, lastUpdated: current.lastUpdated, effectiveDate: current.effectiveDate, material: current.material, html: renderMarkdown(current.bodyMarkdown) },
    currentVersion: current.version,
    versions: versions.map(({ publishedAt: _p, ...v }) => v),
    upcoming: upcoming.map(({ publishedAt: _p, ...v }) => v),
  });
}

export default function PrivacyNotice() {
  const data = useLoaderData<typeof loader>();
  return (
    <PublicLayout narrow={false}>
      <NoticeDocument title="Folio privacy notice" {...data} locale={FOLIO_REGIONAL.locale} hrefFor={(version) => (version === data.currentVersion ? "/privacy" : `/privacy/versions/${version}`)} />
    </PublicLayout>
  );
}
