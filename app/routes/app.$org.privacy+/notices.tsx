import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { CardSection, DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NoticeEditor, type NoticeEditorActionData } from "~/components/notice-editor";
import { acknowledgementCounts, noticeOverview, publishNotice, readNoticeEditor } from "~/modules/privacy/notices.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { todayIn } from "~/utils/dates";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formatDate, formatInteger } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const today = todayIn(member.organisation.timeZone);
  const { overview, acknowledged } = await withTenant(member.actor, async (tx) => ({
    overview: await noticeOverview(tx, "organisation", today),
    acknowledged: await acknowledgementCounts(tx),
  }));
  return json({
    today,
    current: overview ? { version: overview.current.version, bodyMarkdown: overview.current.bodyMarkdown } : null,
    versions: (overview?.versions ?? []).map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString(), acknowledgements: acknowledged.get(v.version) ?? 0 })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const editor = readNoticeEditor(await readFormData(request), member.organisation.locale);
  if (editor.kind === "preview") return json<NoticeEditorActionData>({ preview: editor.html, values: editor.values, errors: {} });
  if (editor.kind === "invalid") return badRequest(editor);
  try {
    const notice = await withTenant(member.actor, (tx) => publishNotice(tx, "organisation", editor.input));
    return redirectWithFlash(`/app/${member.organisation.slug}/privacy/notices`, {
      kind: "success",
      message: `Version ${notice.version} of the privacy notice is published.${notice.material ? " Members were emailed and will be asked to acknowledge it." : ""}`,
    });
  } catch (error) {
    return actionFailure(error, {});
  }
}

export default function OrganisationNotices() {
  const { today, current, versions } = useLoaderData<typeof loader>();
  const actionData = useActionData<NoticeEditorActionData>();
  const { organisation } = useOrganisation();
  return (
    <>
      <PageHeader
        title="Privacy notice"
        description="The notice your landing pages and customers read. Each publication is a new version; earlier versions stay public."
        actions={
          current ? (
            <Link to={`/o/${organisation.slug}/privacy`} className="btn-secondary">
              View public page
            </Link>
          ) : null
        }
      />
      <section aria-labelledby="editor-heading" className="card">
        <h2 id="editor-heading" className="mb-3 text-lg font-semibold">
          {current ? `New version (replacing version ${current.version})` : "First version"}
        </h2>
        <NoticeEditor initial={{ bodyMarkdown: current?.bodyMarkdown ?? "", lastUpdated: today, effectiveDate: today }} actionData={actionData} audience="the organisation's members" locale={organisation.locale} />
      </section>
      {versions.length > 0 ? (
        <CardSection id="published-heading" title="Published versions" className="card mt-6 overflow-x-auto">
          <DataTable
            caption="Published versions, newest first"
            columns={["Version", "Last updated", "Effective", "Change", "Acknowledged by"]}
            rows={versions}
            rowKey={(v) => v.version}
          >
            {(v) => (
              <>
                <th scope="row">Version {v.version}</th>
                <td>{formatDate(v.lastUpdated, organisation.locale)}</td>
                <td>{formatDate(v.effectiveDate, organisation.locale)}</td>
                <td>{v.material ? "Material" : "Minor"}</td>
                <td className="tabular-nums">{formatInteger(v.acknowledgements, organisation.locale)}</td>
              </>
            )}
          </DataTable>
        </CardSection>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
