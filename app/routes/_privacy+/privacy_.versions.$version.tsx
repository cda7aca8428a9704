import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { NoticeDocument } from "~/components/markdown";
import { PublicLayout } from "~/components/public-layout";
import { db } from "~/db.server";
import { ensureFolioNotice, getNotice } from "~/modules/privacy/notices.server";
import { FOLIO_REGIONAL } from "~/utils/format";
import { renderMarkdown } from "~/utils/markdown.server";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Privacy notice, version ${data.notice.version} · Folio` : "Privacy notice · Folio" }];

/** One version of Folio's privacy notice, earlier or upcoming. */
export async function loader({ params }: LoaderFunctionArgs) {
  const requested = /^[1-9][0-9]{0,6}$/.test(params.version ?? "") ? Number(params.version) : null;
  const { current, versions, upcoming } = await ensureFolioNotice();
  const notice = requested ? await getNotice(db(), "folio", requested) : undefined;
  if (!notice) throw notFound("There is no such version of Folio's privacy notice.");
  return json({
    notice: { version: notice.version, lastUpdated: notice.lastUpdated, effectiveDate: notice.effectiveDate, material: notice.material, html: renderMarkdown(notice.bodyMarkdown) },
    currentVersion: current.version,
    versions: versions.map(({ publishedAt: _p, ...v }) => v),
    upcoming: upcoming.map(({ publishedAt: _p, ...v }) => v),
  });
}

export default function PrivacyNoticeVersion() {
  const data = useLoaderData<typeof loader>();
  return (
    <PublicLayout narrow={false}>
      <NoticeDocument title="Folio privacy notice" {...data} locale={FOLIO_REGIONAL.locale} hrefFor={(version) => (version === data.currentVersion ? "/privacy" : `/privacy/versions/${version}`)} />
    </PublicLayout>
  );
}
