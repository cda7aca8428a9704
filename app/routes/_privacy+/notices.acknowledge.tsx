import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { MarkdownContent } from "~/components/markdown";
import { PublicLayout } from "~/components/public-layout";
import { db } from "~/db.server";
import { requireUser } from "~/modules/identity/session.server";
import { acknowledgeSchema } from "~/modules/privacy/notice-forms";
import { acknowledgeNotice, getNotice, noticeAwaitingAcknowledgement } from "~/modules/privacy/notices.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { todayIn } from "~/utils/dates";
import { FOLIO_REGIONAL, formatDate } from "~/utils/format";
import { parseForm } from "~/utils/forms";
import { readFormData } from "~/utils/form-responses.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { rethrowAsResponse } from "~/utils/errors.server";
import { safeRedirectTarget } from "~/utils/request.server";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction = () => [{ title: "Updated privacy notice · Folio" }];

/**
 * The prompt the app shows at the next visit after a material change of a privacy notice comes into effect:
 * Folio's first, then the organisation's (?org=slug). Reading it and pressing the button records the
 * acknowledgement and returns to the page the person was going to (?returnTo=).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const url = new URL(request.url);
  const orgSlug = url.searchParams.get("org");
  const fallback = orgSlug ? `/app/${encodeURIComponent(orgSlug)}` : "/app";
  const returnTo = safeRedirectTarget(url.searchParams.get("returnTo"), fallback);

  const folioVersion = await noticeAwaitingAcknowledgement(db(), "folio", user.id);
  if (folioVersion) {
    const notice = (await getNotice(db(), "folio", folioVersion))!;
    return json({ kind: "folio" as const, publisher: "Folio", orgSlug, returnTo, locale: FOLIO_REGIONAL.locale, ...present(notice), publicUrl: `/privacy/versions/${notice.version}` });
  }
  if (orgSlug) {
    const member = await requireMember(request, orgSlug, "org:read");
    const notice = await withTenant(member.actor, async (tx) => {
      const version = await noticeAwaitingAcknowledgement(tx, "organisation", user.id, todayIn(member.organisation.timeZone));
      return version ? getNotice(tx, "organisation", version) : undefined;
    });
    if (notice) {
      return json({
        kind: "organisation" as const,
        publisher: member.organisation.name,
        orgSlug,
        returnTo,
        locale: member.organisation.locale,
        ...present(notice),
        publicUrl: `/o/${member.organisation.slug}/privacy?version=${notice.version}`,
      });
    }
  }
  throw redirect(returnTo);
}

function present(notice: { version: number; lastUpdated: string; effectiveDate: string; bodyMarkdown: string }) {
  return { version: notice.version, lastUpdated: notice.lastUpdated, effectiveDate: notice.effectiveDate, html: renderMarkdown(notice.bodyMarkdown) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const orgSlug = new URL(request.url).searchParams.get("org");
  const parsed = parseForm(acknowledgeSchema, await readFormData(request));
  if (!parsed.ok) throw json({ message: "This acknowledgement could not be read. Open the notice again." }, { status: 400 });
  const { kind, version } = parsed.data;
  try {
    if (kind === "folio") {
      await acknowledgeNotice(db(), "folio", user.id, version);
    } else {
      if (!orgSlug) throw notFound();
      const member = await requireMember(request, orgSlug, "org:read");
      await withTenant(member.actor, (tx) => acknowledgeNotice(tx, "organisation", user.id, version));
    }
  } catch (error) {
    rethrowAsResponse(error);
  }
  // Back through the prompt: another notice may be waiting (Folio's and the organisation's both changed).
  const params = new URLSearchParams({ returnTo: safeRedirectTarget(parsed.data.returnTo, orgSlug ? `/app/${encodeURIComponent(orgSlug)}` : "/app") });
  if (orgSlug) params.set("org", orgSlug);
  return redirect(`/notices/acknowledge?${params}`);
}

export default function AcknowledgeNotice() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <PublicLayout narrow={false}>
      <article className="max-w-3xl">
        <h1 className="text-2xl font-bold">{data.publisher} updated its privacy notice</h1>
        <p className="mt-2 text-slate-700">
          Please read the new notice before you go on. Version {data.version}, last updated {formatDate(data.lastUpdated, data.locale)}, in effect since{" "}
          {formatDate(data.effectiveDate, data.locale)}.{" "}
          <Link to={data.publicUrl} className="link" target="_blank">
            Open it on its own page
          </Link>
          .
        </p>
        <div className="card mt-6 max-h-[60vh] overflow-y-auto" tabIndex={0} role="region" aria-label="The updated notice">
          <MarkdownContent html={data.html} />
        </div>
        <Form method="post" className="mt-6 flex flex-wrap items-center gap-4">
          <input type="hidden" name="kind" value={data.kind} />
          <input type="hidden" name="version" value={data.version} />
          <input type="hidden" name="returnTo" value={data.returnTo} />
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            I have read the updated notice
          </button>
        </Form>
        <Form method="post" action="/logout" className="mt-4">
          <button type="submit" className="link text-sm">
            Log out instead
          </button>
        </Form>
      </article>
    </PublicLayout>
  );
}
