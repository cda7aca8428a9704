import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ParentLink } from "~/components/section-links";
import { DATA_MAP } from "~/data-map.server";
import { getPrivacySettings } from "~/modules/privacy/privacy-settings.server";
import { processingRegister } from "~/modules/privacy/register";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Records of processing · Privacy · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const settings = await withTenant(member.actor, (tx) => getPrivacySettings(tx));
  return json({ register: processingRegister(DATA_MAP, "tenant", settings.statutoryRetentionYears), statutoryYears: settings.statutoryRetentionYears });
}

export default function ProcessingRegister() {
  const { register, statutoryYears } = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/privacy`}>Privacy</ParentLink>
      <PageHeader
        title="Records of processing"
        description={`What personal data Folio keeps for ${organisation.name}, why, on which legal basis and for how long, built from the data map of every column. Books are kept ${statutoryYears} years.`}
        actions={
          <a href={`/app/${organisation.slug}/privacy/register.csv`} download className="btn-secondary">
            Download the register (CSV)
          </a>
        }
      />
      <div className="card overflow-x-auto p-0">
        <DataTable
          caption="Records of processing"
          columns={["Data", "Purpose", "Legal basis", "Categories", "Whose", "Retention", "On erasure"]}
          rows={register}
          rowKey={(row) => row.table}
        >
          {(row) => (
            <>
              <th scope="row" className="font-mono text-xs">
                {row.table}
              </th>
              <td>{row.purpose}</td>
              <td>{row.legalBasis}</td>
              <td>{row.categories.join(", ")}</td>
              <td>{row.subjects.join(", ")}</td>
              <td>{row.retention}</td>
              <td>
                <ul className="text-xs">
                  {row.columns.map((column) => (
                    <li key={column.column}>
                      <span className="font-mono">{column.column}</span>: {column.erasure}
                    </li>
                  ))}
                </ul>
              </td>
            </>
          )}
        </DataTable>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
