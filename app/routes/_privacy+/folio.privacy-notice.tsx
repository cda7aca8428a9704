import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CardSection } from "~/components/data-table";
import { FlashMessage } from "~/components/flash-message";
import { NoticeVersionsTable } from "~/components/markdown";
import { NoticeEditor, type NoticeEditorActionData } from "~/components/notice-editor";
import { PublicLayout } from "~/components/public-layout";
import { ensureFolioNotice, publishFolioNotice, readNoticeEditor } from "~/modules/privacy/notices.server";
import { useRootData } from "~/root";
import { todayIn } from "~/utils/dates";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { FOLIO_REGIONAL } from "~/utils/format";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { requireFolioAdmin } from "~/utils/folio-admin.server";

export const meta: MetaFunction = () => [{ title: "Folio's privacy notice · Platform" }];

const requirePlatformAdmin = requireFolioAdmin;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  const { current, versions } = await ensureFolioNotice();
  const today = todayIn(FOLIO_REGIONAL.timeZone);
  return json({
    today,
    current: { version: current.version, bodyMarkdown: current.bodyMarkdown },
    versions: versions.map(({ publishedAt: _p, ...v }) => v),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const editor = readNoticeEditor(await readFormData(request), FOLIO_REGIONAL.locale);
  if (editor.kind === "preview") return json<NoticeEditorActionData>({ preview: editor.html, values: editor.values, errors: {} });
  if (editor.kind === "invalid") return badRequest(editor);
  try {
    const notice = await publishFolioNotice(user, editor.input);
    return redirectWithFlash("/folio/privacy-notice", {
      kind: "success",
      message: `Version ${notice.version} of Folio's privacy notice is published.${notice.material ? " Every user was emailed and will be asked to acknowledge it." : ""}`,
    });
  } catch (error) {
    return actionFailure(error, {});
  }
}

export default function FolioPrivacyNoticeEditor() {
  const { today, current, versions } = useLoaderData<typeof loader>();
  const actionData = useActionData<NoticeEditorActionData>();
  const root = useRootData();
  return (
    <PublicLayout narrow={false}>
      <FlashMessage flash={root?.flash ?? null} />
      <h1 className="text-2xl font-bold">Folio&apos;s privacy notice</h1>
      <p className="mt-1 text-slate-600">
        Publishing creates a new version; the public page at{" "}
        <Link to="/privacy" className="link">
          /privacy
        </Link>{" "}
        shows the version in effect and lists every earlier one.
      </p>
      <section aria-labelledby="editor-heading" className="card mt-6">
        <h2 id="editor-heading" className="mb-3 text-lg font-semibold">
          New version (replacing version {current.version})
        </h2>
        <NoticeEditor initial={{ bodyMarkdown: current.bodyMarkdown, lastUpdated: today, effectiveDate: today }} actionData={actionData} audience="every Folio user" locale={FOLIO_REGIONAL.locale} />
      </section>
      <CardSection id="versions-heading" title="Published versions" className="card mt-6 overflow-x-auto">
        <NoticeVersionsTable
          versions={versions}
          currentVersion={current.version}
          hrefFor={(version) => (version === current.version ? "/privacy" : `/privacy/versions/${version}`)}
          caption="Published versions, newest first"
          locale={FOLIO_REGIONAL.locale}
        />
      </CardSection>
    </PublicLayout>
  );
}
