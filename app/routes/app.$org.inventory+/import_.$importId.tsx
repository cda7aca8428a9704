import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { FormError } from "~/components/forms";
import { IMPORT_KIND_LABELS, IMPORT_STATUS_LABELS, PREVIEW_COLUMNS } from "~/modules/inventory/import-rows";
import { confirmImport, getImport, isImportRunningHere, startImportWork } from "~/modules/inventory/imports.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { formatDateTime } from "~/utils/format";
import type { FormFailure } from "~/utils/forms";
import { readFormData } from "~/utils/form-responses.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Import of ${data.import.filename} · Folio` : "Import · Folio" }];

/** How often the page asks for the progress while the import is checked or written. */
const POLL_MS = 1000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const state = await withTenant(member.actor, (tx) => getImport(tx, params.importId ?? "")).catch(rethrowAsResponse);
  // Work whose process is gone (a restart) is started again by whoever looks at it; nothing of it was written.
  if (state.stalled && !isImportRunningHere(member.actor.tenantId, state.id)) startImportWork(member.actor, state.id);
  return json({
    import: {
      id: state.id,
      kind: state.kind,
      status: state.status,
      filename: state.filename,
      format: state.format,
      rowCount: state.rowCount,
      processed: state.processed,
      errorCount: state.errorCount,
      errors: state.errors,
      preview: state.preview,
      importedCount: state.importedCount,
      failure: state.failure,
      createdAt: state.createdAt.toISOString(),
      finishedAt: state.finishedAt?.toISOString() ?? null,
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const form = await readFormData(request);
  if (form.get("intent") !== "confirm") return json<FormFailure>({ errors: {}, values: {}, formError: "This page does not offer that action. Reload the page and use one of its buttons." }, { status: 400 });
  try {
    const state = await withTenant(member.actor, (tx) => confirmImport(tx, params.importId ?? ""));
    startImportWork(member.actor, state.id);
    return redirectWithFlash(`/app/${member.organisation.slug}/inventory/import/${state.id}`, { kind: "success", message: `Importing ${state.rowCount.toLocaleString("en")} rows of ${state.filename}.` });
  } catch (error) {
    return actionFailure(error, {});
  }
}

function Progress({ label, done, total }: { label: string; done: number; total: number }) {
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  return (
    <div className="space-y-2" aria-live="polite">
      <p className="text-sm font-medium text-slate-700" id="import-progress-label">
        {label}: {done.toLocaleString("en")} of {total.toLocaleString("en")} rows ({percent}%)
      </p>
      <progress className="h-3 w-full" max={total || 1} value={done} aria-labelledby="import-progress-label" />
      <p className="text-sm text-slate-500">You can leave or reload this page: the import goes on and this page finds it where it is.</p>
    </div>
  );
}

export default function ImportStatus() {
  const { import: state } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory`;
  const working = state.status === "checking" || state.status === "importing";
  const noun = state.kind === "items" ? "items" : "opening stock rows";

  useEffect(() => {
    if (!working) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [working, revalidator]);

  const previewColumns = PREVIEW_COLUMNS[state.kind];
  return (
    <>
      <PageHeader title={`Import of ${state.filename}`} description={`${IMPORT_KIND_LABELS[state.kind]}, ${state.rowCount.toLocaleString(organisation.locale)} rows, uploaded ${formatDateTime(state.createdAt, organisation)}.`} />
      <p className="mb-4 text-sm">
        <Link className="link" to={`${base}/import`}>
          Back to imports
        </Link>
      </p>
      <div className="card mb-6 space-y-4">
        <p>
          Status: <strong>{IMPORT_STATUS_LABELS[state.status]}</strong>
        </p>
        <FormError message={actionData?.formError} />
        {state.status === "checking" ? <Progress label="Checking" done={state.processed} total={state.rowCount} /> : null}
        {state.status === "importing" ? <Progress label="Importing" done={state.processed} total={state.rowCount} /> : null}
        {state.status === "invalid" ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            {state.errorCount === 1 ? "1 problem" : `${state.errorCount.toLocaleString("en")} problems`} found. Nothing was imported. Correct the file and{" "}
            <Link className="link" to={`${base}/import`}>
              upload it again
            </Link>
            .
          </div>
        ) : null}
        {state.status === "ready" ? (
          <Form method="post" className="space-y-3">
            <p>
              Every row is correct: {state.rowCount.toLocaleString(organisation.locale)} {noun} will be imported, all in one go.
            </p>
            <button type="submit" name="intent" value="confirm" className="btn btn-primary" disabled={navigation.state === "submitting"}>
              Import {state.rowCount.toLocaleString("en")} {noun}
            </button>
          </Form>
        ) : null}
        {state.status === "imported" ? (
          <p role="status">
            Imported {state.importedCount.toLocaleString(organisation.locale)} {noun}.{" "}
            <Link className="link" to={state.kind === "items" ? `${base}/items` : `${base}`}>
              {state.kind === "items" ? "See the items" : "See the inventory"}
            </Link>
          </p>
        ) : null}
        {state.status === "failed" ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            The import failed and nothing was imported: {state.failure}
          </div>
        ) : null}
      </div>
      {state.status === "invalid" ? (
        <section className="card" aria-labelledby="import-problems">
          <h2 id="import-problems" className="mb-2 text-lg font-semibold">
            Problems
          </h2>
          {state.errorCount > state.errors.length ? (
            <p className="mb-2 text-sm text-slate-600">The first {state.errors.length.toLocaleString("en")} are listed.</p>
          ) : null}
          <DataTable caption="Problems in the file" columns={["Line", "Column", "Problem"]} rows={state.errors} rowKey={(error) => `${error.line}:${error.column}:${error.message}`}>
            {(error) => (
              <>
                <td className="tabular-nums">{error.line}</td>
                <td className="font-mono text-sm">{error.column ?? "—"}</td>
                <td>{error.message}</td>
              </>
            )}
          </DataTable>
        </section>
      ) : null}
      {state.status === "ready" && state.preview.length > 0 ? (
        <section className="card" aria-labelledby="import-preview">
          <h2 id="import-preview" className="mb-2 text-lg font-semibold">
            Preview
          </h2>
          <p className="mb-2 text-sm text-slate-600">
            The first {state.preview.length} of {state.rowCount.toLocaleString("en")} rows.
          </p>
          <DataTable caption="The first rows to import" columns={[...previewColumns]} rows={state.preview} rowKey={(row) => JSON.stringify(row)}>
            {(row) => (
              <>
                {previewColumns.map((column) => (
                  <td key={column}>{row[column]}</td>
                ))}
              </>
            )}
          </DataTable>
        </section>
      ) : null}
    </>
  );
}
