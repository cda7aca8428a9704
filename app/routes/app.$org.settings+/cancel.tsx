import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, TextField } from "~/components/forms";
import { deletionDateOf } from "~/modules/tenancy/cancellation.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { cancelOrganisationAudited, restoreOrganisationAudited } from "~/workflows/cancel-organisation.server";

export const meta: MetaFunction = () => [{ title: "Cancel the organisation · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "org:manage");
  const { status, cancelledAt, name } = member.organisation;
  return json({ name, cancelled: status === "cancelled", deletedOn: cancelledAt ? deletionDateOf(cancelledAt).toISOString().slice(0, 10) : null });
}

const cancelSchema = z.object({
  intent: z.enum(["cancel", "restore"]),
  confirmName: z.string().trim().max(200).optional().default(""),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "org:manage");
  const parsed = parseForm(cancelSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  const input = parsed.data;
  try {
    if (input.intent === "cancel") {
      if (!input.confirmName) return badRequest({ errors: { confirmName: "Type the organisation's name to confirm." }, values: { confirmName: "" } });
      const { deletesAt } = await withTenant(member.actor, (tx) => cancelOrganisationAudited(tx, { confirmName: input.confirmName }));
      return redirectWithFlash(`/app/${member.organisation.slug}/settings/cancel`, {
        kind: "success",
        message: `${member.organisation.name} is cancelled. It will be deleted with all its data on ${deletesAt.toISOString().slice(0, 10)}; until then an owner can undo this.`,
      });
    }
    await withTenant(member.actor, (tx) => restoreOrganisationAudited(tx));
    return redirectWithFlash(`/app/${member.organisation.slug}/settings`, { kind: "success", message: `The cancellation is undone: ${member.organisation.name} stays.` });
  } catch (error) {
    return actionFailure(error, { confirmName: input.confirmName });
  }
}

export default function CancelOrganisation() {
  const { name, cancelled, deletedOn } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  return (
    <>
      <PageHeader title="Cancel the organisation" description="Only owners can do this." />
      {cancelled ? (
        <section aria-labelledby="undo-heading" className="card max-w-xl space-y-3">
          <h2 id="undo-heading" className="text-lg font-semibold">
            {name} is cancelled
          </h2>
          <p>It will be deleted with all its data on {deletedOn}. Until then you can undo the cancellation.</p>
          <Form method="post">
            {/* A refused form (a name sent to an organisation already cancelled) is answered here: there is no name field now. */}
            {failure ? <FormError message={[failure.formError, ...Object.values(failure.errors ?? {})].filter(Boolean).join(" ")} /> : null}
            <button type="submit" name="intent" value="restore" className="btn-primary">
              Undo the cancellation
            </button>
          </Form>
        </section>
      ) : (
        <Form method="post" className="card max-w-xl space-y-4" noValidate>
          <p>
            Cancelling {name} deletes it with everything it holds (books, customers, stock, members&apos; access) 30 days from now. Until then every
            member sees a notice and an owner can undo it. Export the organisation&apos;s data first if you need it.
          </p>
          {failure?.formError ? <FormError message={failure.formError} /> : null}
          <input type="hidden" name="intent" value="cancel" />
          <TextField label={`Type the organisation's name (${name}) to confirm`} name="confirmName" autoComplete="off" defaultValue={failure?.values?.confirmName} error={failure?.errors?.confirmName} required />
          <button type="submit" className="btn-danger">
            Cancel the organisation
          </button>
        </Form>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
