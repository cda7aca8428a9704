import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, TextAreaField, TextField } from "~/components/forms";
import { ParentLink } from "~/components/section-links";
import { DATA_MAP } from "~/data-map.server";
import { personalColumns } from "~/modules/platform/data-map";
import { breachReport, listBreaches, moveBreach, recordBreach } from "~/modules/privacy/breaches.server";
import { BREACH_STATES } from "~/modules/privacy/schema";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Breaches · Privacy · Folio" }];

const LABELS: Record<string, string> = {
  suspected: "Suspected",
  confirmed: "Confirmed",
  dismissed: "Dismissed",
  authority_notified: "Authority notified",
  subjects_notified: "People notified",
  closed: "Closed",
};

const TABLES = DATA_MAP.filter((m) => m.controller === "tenant" && personalColumns(m).length > 0).map((m) => m.table);
const moment = z.string().trim().min(1, "Enter a date and time.").refine((v) => !Number.isNaN(Date.parse(v)), "Enter a date and time.").transform((v) => new Date(v));

const breachSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("record"),
    description: z.string().trim().min(5, "Say what happened.").max(4000),
    systems: z.string().trim().min(2, "Name the systems or screens.").max(1000),
    tables: z.preprocess(
      (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
      z.array(z.enum(TABLES as [string, ...string[]], { errorMap: () => ({ message: "Choose the tables from the list." }) })).min(1, "Choose at least one table involved."),
    ),
    discoveredAt: moment,
    windowStart: moment,
    windowEnd: moment,
  }),
  z.object({ intent: z.literal("move"), id: z.string().uuid(), to: z.enum(BREACH_STATES), reason: z.string().trim().max(2000).optional() }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const breaches = await withTenant(member.actor, (tx) => listBreaches(tx));
  return json({
    tables: TABLES,
    breaches: breaches.map((b) => ({
      id: b.id,
      description: b.description,
      state: b.state,
      tables: b.tables,
      categories: b.categories,
      affected: b.affectedEstimate,
      notifyBy: b.notifyBy.toISOString(),
      hoursLeft: b.hoursLeft,
      report: breachReport(b, member.organisation),
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const parsed = parseForm(breachSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  const input = parsed.data;
  try {
    const message = await withTenant(member.actor, async (tx) => {
      if (input.intent === "record") {
        const { impact } = await recordBreach(tx, DATA_MAP, input);
        return `Recorded. About ${impact.affected} people affected; tell the supervisory authority within 72 hours of discovery.`;
      }
      await moveBreach(tx, { id: input.id, to: input.to, reason: input.reason });
      return `The breach is now ${LABELS[input.to].toLowerCase()}.`;
    });
    return redirectWithFlash(`/app/${member.organisation.slug}/privacy/breaches`, { kind: "success", message });
  } catch (error) {
    return actionFailure(error, {});
  }
}

const NEXT: Record<string, string[]> = { suspected: ["confirmed", "dismissed"], confirmed: ["authority_notified", "closed"], authority_notified: ["subjects_notified", "closed"], subjects_notified: ["closed"] };

export default function Breaches() {
  const { breaches, tables } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const { organisation } = useOrganisation();
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/privacy`}>Privacy</ParentLink>
      <PageHeader title="Breaches" description="The register of personal data breaches, with the 72-hour clock for telling the supervisory authority." />
      {failure ? <FormError message={failure.formError ?? "Please correct the fields marked below."} /> : null}
      {breaches.map((b) => (
        <section key={b.id} aria-label={`Breach: ${b.description}`} className="card mb-4 space-y-2">
          <h2 className="text-lg font-semibold">
            {b.description} · {LABELS[b.state]}
          </h2>
          <p>
            Tell the authority by {b.notifyBy.slice(0, 16).replace("T", " ")} UTC
            {b.hoursLeft !== null ? <strong className={b.hoursLeft < 24 ? "ml-2 text-red-700" : "ml-2"}>{b.hoursLeft < 0 ? "overdue" : `${b.hoursLeft} hours left`}</strong> : null}
          </p>
          <p>
            About {b.affected} people affected ({b.tables.join(", ")}): {b.categories.join("; ")}.
          </p>
          <details>
            <summary className="cursor-pointer">Report (Art. 33(3))</summary>
            <pre className="whitespace-pre-wrap text-sm">{b.report}</pre>
          </details>
          {(NEXT[b.state] ?? []).length > 0 ? (
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="intent" value="move" />
              <input type="hidden" name="id" value={b.id} />
              <TextField label="Reason (when not notifying)" id={`reason-${b.id}`} name="reason" error={failure?.errors?.reason} />
              {NEXT[b.state].map((to) => (
                <button key={to} type="submit" name="to" value={to} className="btn-secondary">
                  {LABELS[to]}
                </button>
              ))}
            </Form>
          ) : null}
        </section>
      ))}
      <Form method="post" className="card space-y-4">
        <h2 className="text-lg font-semibold">Record a suspected breach</h2>
        <input type="hidden" name="intent" value="record" />
        <TextAreaField label="What happened" name="description" rows={3} error={failure?.errors?.description} />
        <TextField label="Systems or screens involved" name="systems" error={failure?.errors?.systems} />
        <fieldset>
          <legend className="font-medium">Data involved</legend>
          {failure?.errors?.tables ? <p className="text-sm text-red-700">{failure.errors.tables}</p> : null}
          <div className="mt-1 grid gap-1 sm:grid-cols-3">
            {tables.map((table) => (
              <label key={table} className="flex items-center gap-2 font-mono text-xs">
                <input type="checkbox" name="tables" value={table} /> {table}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField label="Discovered at" name="discoveredAt" type="datetime-local" error={failure?.errors?.discoveredAt} />
        <TextField label="Window from" name="windowStart" type="datetime-local" error={failure?.errors?.windowStart} />
        <TextField label="Window to" name="windowEnd" type="datetime-local" error={failure?.errors?.windowEnd} />
        <button type="submit" className="btn-primary">
          Record the breach
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
