import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { NoticeDocument } from "~/components/markdown";
import { OrganisationPublicLayout } from "~/components/organisation-public-layout";
import { db } from "~/db.server";
import { getNotice, noticeOverview } from "~/modules/privacy/notices.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { findTenantBySlug } from "~/modules/tenancy/organisations.server";
import { todayIn } from "~/utils/dates";
import { renderMarkdown } from "~/utils/markdown.server";
import { requestMeta } from "~/utils/request.server";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Privacy notice · ${data.organisation.name}` : "Privacy notice" }];

/** An organisation's privacy notice for its landing pages and customers: the version in effect, or ?version=N. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const tenant = params.orgSlug ? await findTenantBySlug(db(), params.orgSlug) : undefined;
  if (!tenant || tenant.status !== "active") throw notFound("There is no such organisation.");
  const versionParam = new URL(request.url).searchParams.get("version");
  const requested = versionParam === null ? null : /^[1-9][0-9]{0,6}$/.test(versionParam) ? Number(versionParam) : -1;
  const result = await withTenant({ tenantId: tenant.id, userId: null, dataScope: "all", ...requestMeta(request) }, async (tx) => {
    const overview = await noticeOverview(tx, todayIn(tenant.timeZone));
    if (!overview) return undefined;
    const notice = requested === null ? overview.current : await getNotice(tx, requested);
    return notice ? { overview, notice } : undefined;
  });
  if (!result) throw notFound(`${tenant.name} has not published ${requested === null ? "a privacy notice" : "this version of its privacy notice"} here.`);
  const { overview, notice } = result;
  return json({
    organisation: { name: tenant.name, slug: tenant.slug },
    notice: { version: notice.version, lastUpdated: notice.lastUpdated, effectiveDate: notice.effectiveDate, material: notice.material, html: renderMarkdown(notice.bodyMarkdown) },
    currentVersion: overview.current.version,
    versions: overview.versions.map(({ publishedAt: _p, ...v }) => v),
    upcoming: overview.upcoming.map(({ publishedAt: _p, ...v }) => v),
  });
}

export default function OrganisationPrivacyNotice() {
  const { organisation, ...data } = useLoaderData<typeof loader>();
  const base = `/o/${organisation.slug}/privacy`;
  return (
    <OrganisationPublicLayout organisation={organisation}>
      <NoticeDocument
        title={`${organisation.name} privacy notice`}
        {...data}
        hrefFor={(version) => (version === data.currentVersion ? base : `${base}?version=${version}`)}
      />
    </OrganisationPublicLayout>
  );
}
