import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { NoticeDocument } from "~/components/markdown";
import { OrganisationPublicLayout } from "~/components/organisation-public-layout";
import { db } from "~/db.server";
import { ensureFolioNotice, getNotice, noticeOverview, type Notice, type NoticeOverview } from "~/modules/privacy/notices.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { findOrganisationBySlug } from "~/modules/tenancy/organisations.server";
import { todayIn } from "~/utils/dates";
import { FOLIO_REGIONAL } from "~/utils/format";
import { renderMarkdown } from "~/utils/markdown.server";
import { requestMeta } from "~/utils/request.server";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Privacy notice · ${data.organisation.name}` : "Privacy notice" }];

function present(overview: NoticeOverview, notice: Notice) {
  return {
    notice: { version: notice.version, lastUpdated: notice.lastUpdated, effectiveDate: notice.effectiveDate, material: notice.material, html: renderMarkdown(notice.bodyMarkdown) },
    currentVersion: overview.current.version,
    versions: overview.versions.map(({ publishedAt: _p, ...v }) => v),
    upcoming: overview.upcoming.map(({ publishedAt: _p, ...v }) => v),
  };
}

/**
 * An organisation's privacy notice for its landing pages and customers: the version in effect, or ?version=N.
 * Every footer of its public pages links here, so an organisation that has published none gets Folio's notice,
 * which covers what Folio does as the platform, with a plain statement that the organisation has not published its own.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = params.org ? await findOrganisationBySlug(db(), params.org) : undefined;
  if (!found || found.status !== "active") throw notFound("There is no such organisation.");
  const versionParam = new URL(request.url).searchParams.get("version");
  const requested = versionParam === null ? null : /^[1-9][0-9]{0,6}$/.test(versionParam) ? Number(versionParam) : -1;
  const result = await withTenant({ tenantId: found.id, userId: null, dataScope: "all", ...requestMeta(request) }, async (tx) => {
    const overview = await noticeOverview(tx, "organisation", todayIn(found.timeZone));
    if (!overview) return { published: false as const };
    const notice = requested === null ? overview.current : await getNotice(tx, "organisation", requested);
    return notice ? { published: true as const, overview, notice } : undefined;
  });
  if (!result || (!result.published && requested !== null)) {
    throw notFound(`${found.name} has not published ${requested === null ? "a privacy notice" : "this version of its privacy notice"} here.`);
  }
  const organisation = { name: found.name, slug: found.slug };
  if (result.published) return json({ organisation, publisher: "organisation" as const, locale: found.locale, ...present(result.overview, result.notice) });
  const folio = await ensureFolioNotice();
  return json({ organisation, publisher: "folio" as const, locale: FOLIO_REGIONAL.locale, ...present(folio, folio.current) });
}

export default function OrganisationPrivacyNotice() {
  const { organisation, publisher, ...data } = useLoaderData<typeof loader>();
  const base = `/o/${organisation.slug}/privacy`;
  return (
    <OrganisationPublicLayout organisation={organisation}>
      {publisher === "organisation" ? (
        <NoticeDocument
          title={`${organisation.name} privacy notice`}
          {...data}
          hrefFor={(version) => (version === data.currentVersion ? base : `${base}?version=${version}`)}
        />
      ) : (
        <NoticeDocument
          title="Folio privacy notice"
          {...data}
          hrefFor={(version) => (version === data.currentVersion ? "/privacy" : `/privacy/versions/${version}`)}
        >
          <p role="note" className="mt-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-amber-900">
            <strong>{organisation.name} has not published its own privacy notice.</strong> These pages are hosted by Folio, and what Folio does
            with the data sent through them is in Folio&apos;s notice below. For how {organisation.name} itself uses your details, ask{" "}
            {organisation.name} directly. Your{" "}
            <Link to={`/o/${organisation.slug}/cookies`} className="link" reloadDocument>
              cookie settings
            </Link>{" "}
            for these pages work either way.
          </p>
        </NoticeDocument>
      )}
    </OrganisationPublicLayout>
  );
}
