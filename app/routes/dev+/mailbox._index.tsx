import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { IgnoredParametersNotice } from "~/components/forms";
import { PublicLayout } from "~/components/public-layout";
import { db } from "~/db.server";
import { listMailbox } from "~/modules/email/outbox.server";
import { requireMailboxEnabled } from "~/modules/email/mailbox.server";
import { readQuery } from "~/utils/forms";
import { queryText } from "~/utils/query-fields";

export const meta: MetaFunction = () => [{ title: "Local mailbox · Folio" }];

const mailboxQuerySchema = z.object({ to: queryText(254) });

export async function loader({ request }: LoaderFunctionArgs) {
  requireMailboxEnabled(request);
  const { query, ignored } = readQuery(request, mailboxQuerySchema);
  const messages = await listMailbox(db(), { to: query.to });
  return json({ messages: messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })), to: query.to ?? null, ignored });
}

export default function Mailbox() {
  const { messages, to, ignored } = useLoaderData<typeof loader>();
  return (
    <PublicLayout narrow={false}>
      <h1 className="text-2xl font-bold">Local mailbox</h1>
      <p className="mt-1 text-sm text-slate-600">
        Without RESEND_API_KEY, Folio delivers email here instead of sending it. This page is never served in production.
        {to ? ` Showing mail to ${to}.` : ""}
      </p>
      <div className="mt-4">
        <IgnoredParametersNotice ignored={ignored} />
      </div>
      <div className="card mt-2 overflow-x-auto">
        <DataTable caption="Messages in the mailbox" columns={["To", "Subject", "Status", "Written"]} rows={messages} rowKey={(m) => m.id} empty="The mailbox is empty.">
          {(m) => (
            <>
              <td>{m.toAddress}</td>
              <td>
                <Link to={`/dev/mailbox/${m.id}`} className="link">
                  {m.subject}
                </Link>
              </td>
              <td>{m.status}</td>
              <td className="whitespace-nowrap">{new Date(m.createdAt).toISOString().replace("T", " ").slice(0, 19)} UTC</td>
            </>
          )}
        </DataTable>
      </div>
    </PublicLayout>
  );
}
