import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { FormError, SelectField } from "~/components/forms";
import { IMPORT_COLUMNS, IMPORT_KIND_LABELS, IMPORT_KINDS, IMPORT_STATUS_LABELS, importUploadSchema, MAX_IMPORT_ROWS, type ImportKind } from "~/modules/inventory/import-rows";
import { createImport, listImports, startImportWork } from "~/modules/inventory/imports.server";
import { AppError } from "~/modules/platform/errors";
import { MAX_IMPORT_BODY_BYTES } from "~/modules/platform/http-security.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import type { DeadlineHandle } from "~/utils/database-unavailable.server";
import { actionFailure } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";
import { parseForm, type FormFailure } from "~/utils/forms";
import { badRequest } from "~/utils/form-responses.server";
import { readUploadedTable, uploadFormat } from "~/utils/spreadsheet-import.server";
import { readFileUpload } from "~/utils/uploads.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Import · Inventory · Folio" }];

/**
 * An upload of 50,000 rows is read and parsed in its request (about 2 s for a 4 MB CSV) before it is stored and
 * checked in the background: the upload, alone of the pages, may take longer than the usual 3.5 s deadline.
 */
export const handle: DeadlineHandle = { requestDeadlineMs: 30_000 };


export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  const imports = await withTenant(member.actor, (tx) => listImports(tx, 10));
  return json({
    maxMebibytes: MAX_IMPORT_BODY_BYTES / (1024 * 1024),
    imports: imports.map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      status: entry.status,
      filename: entry.filename,
      rowCount: entry.rowCount,
      createdAt: entry.createdAt.toISOString(),
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:write");
  let upload: Awaited<ReturnType<typeof readFileUpload>>;
  try {
    upload = await readFileUpload(request, "file");
  } catch (error) {
    return actionFailure(error, {});
  }
  const parsed = parseForm(importUploadSchema, upload.form);
  if (!parsed.ok) return badRequest(parsed);
  const values = { kind: parsed.data.kind };
  try {
    const file = upload.file;
    if (!file) throw new AppError("invalid", "Choose a CSV or Excel (.xlsx) file to import.", { field: "file" });
    const format = uploadFormat(file.name, file.type);
    if (!format) throw new AppError("invalid", "Upload a CSV (.csv) or Excel (.xlsx) file.", { field: "file", reason: "unknown_format" });
    const table = await readUploadedTable(file.bytes, format, { maxRows: MAX_IMPORT_ROWS });
    if (table.rows.length === 0) throw new AppError("invalid", "The file has its header but no rows to import.", { field: "file", reason: "no_rows" });
    const id = await withTenant(member.actor, (tx) => createImport(tx, { kind: parsed.data.kind, filename: file.name, table, userId: member.actor.userId }));
    // Checking runs after this answer; the import's page follows it.
    startImportWork(member.actor, id);
    return redirect(`/app/${member.organisation.slug}/inventory/import/${id}`);
  } catch (error) {
    return actionFailure(error, values, { fields: ["kind", "file"] });
  }
}

function ColumnsHelp({ kind }: { kind: ImportKind }) {
  return (
    <DataTable
      caption={`The columns of an ${IMPORT_KIND_LABELS[kind].toLowerCase()} file`}
      columns={["Column", "Required", "What it holds"]}
      rows={IMPORT_COLUMNS[kind]}
      rowKey={(column) => column.key}
    >
      {(column) => (
        <>
          <td className="font-mono text-sm">{column.header}</td>
          <td>{column.required ? "Required" : "Optional"}</td>
          <td className="text-slate-600">{column.help}</td>
        </>
      )}
    </DataTable>
  );
}

export default function InventoryImport() {
  const { imports, maxMebibytes } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const organisation = useOrganisation().organisation;
  // A refused form comes back with what was sent, which need not be one of the kinds.
  const sentKind = IMPORT_KINDS.find((known) => known === actionData?.values?.kind);
  const [kind, setKind] = useState<ImportKind>(sentKind ?? "items");
  const base = `/app/${organisation.slug}/inventory`;
  const fileError = actionData?.errors?.file;
  return (
    <>
      <PageHeader
        title="Import"
        description={`Items or opening stock from a CSV or Excel (.xlsx) file of up to ${MAX_IMPORT_ROWS.toLocaleString("en")} rows (${maxMebibytes} MiB). Every row is checked first; nothing is imported until the whole file is clean.`}
      />
      <p className="mb-4 text-sm">
        <Link className="link" to={base}>
          Back to inventory
        </Link>
      </p>
      <div className="card mb-6">
        <Form method="post" encType="multipart/form-data" className="space-y-4" noValidate>
          <FormError message={actionData?.formError} />
          <SelectField
            label="The file holds"
            name="kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as ImportKind)}
            options={IMPORT_KINDS.map((value) => ({ value, label: IMPORT_KIND_LABELS[value] }))}
            error={actionData?.errors?.kind}
          />
          <div>
            <label htmlFor="import-file" className="block text-sm font-medium text-slate-700">
              File (.csv or .xlsx)
            </label>
            <input
              id="import-file"
              name="file"
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              className="mt-1 block text-sm"
              aria-invalid={fileError ? true : undefined}
              aria-describedby={fileError ? "import-file-error" : undefined}
            />
            {fileError ? (
              <p id="import-file-error" className="mt-1 text-sm text-red-700">
                {fileError}
              </p>
            ) : null}
          </div>
          <button type="submit" className="btn btn-primary" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Uploading…" : "Upload and check"}
          </button>
        </Form>
      </div>
      <section className="card mb-6" aria-labelledby="import-columns">
        <h2 id="import-columns" className="mb-2 text-lg font-semibold">
          Columns of an {IMPORT_KIND_LABELS[kind].toLowerCase()} file
        </h2>
        <p className="mb-3 text-sm text-slate-600">The first row names the columns, in any order; amounts are in {organisation.currency}.</p>
        <ColumnsHelp kind={kind} />
      </section>
      <section className="card" aria-labelledby="recent-imports">
        <h2 id="recent-imports" className="mb-2 text-lg font-semibold">
          Recent imports
        </h2>
        <DataTable caption="Recent imports" columns={["File", "Holds", "Rows", "Status", "Uploaded"]} rows={imports} rowKey={(entry) => entry.id} empty="No imports yet.">
          {(entry) => (
            <>
              <td>
                <Link className="link" to={`${base}/import/${entry.id}`}>
                  {entry.filename}
                </Link>
              </td>
              <td>{IMPORT_KIND_LABELS[entry.kind]}</td>
              <td className="tabular-nums">{entry.rowCount.toLocaleString(organisation.locale)}</td>
              <td>{IMPORT_STATUS_LABELS[entry.status]}</td>
              <td>{formatDateTime(entry.createdAt, organisation)}</td>
            </>
          )}
        </DataTable>
      </section>
    </>
  );
}
