import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PublicLayout } from "~/components/public-layout";
import { db } from "~/db.server";
import { getMailboxMessage, listAttachments } from "~/modules/email/outbox.server";
import { linksInText, requireMailboxEnabled } from "~/modules/email/mailbox.server";
import { notFound } from "~/utils/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  requireMailboxEnabled(request);
  const id = z.string().uuid().safeParse(params.id);
  const message = id.success ? await getMailboxMessage(db(), id.data) : undefined;
  if (!message) throw notFound("There is no such message in the mailbox.");
  return json({
    id: message.id,
    to: message.toAddress,
    subject: message.subject,
    text: message.text,
    links: linksInText(message.text),
    attachments: (await listAttachments(db(), message.id)).map((a, position) => ({ position, filename: a.filename, bytes: a.content.length })),
    createdAt: message.createdAt.toISOString(),
  });
}

export default function MailboxMessage() {
  const message = useLoaderData<typeof loader>();
  return (
    <PublicLayout narrow={false}>
      <p>
        <Link to="/dev/mailbox" className="link text-sm">
          Back to the mailbox
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{message.subject}</h1>
      <p className="text-sm text-slate-600">To {message.to}</p>
      {message.links.length ? (
        <section aria-labelledby="links" className="mt-4">
          <h2 id="links" className="text-sm font-semibold">
            Links in this message
          </h2>
          <ul className="mt-1 list-disc pl-5">
            {message.links.map((link) => (
              <li key={link.href}>
                <a href={link.href} className="link">
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {message.attachments.length ? (
        <section aria-labelledby="attachments" className="mt-4">
          <h2 id="attachments" className="text-sm font-semibold">
            Attachments
          </h2>
          <ul className="mt-1 list-disc pl-5">
            {message.attachments.map((attachment) => (
              <li key={attachment.position}>
                <a href={`/dev/mailbox/${message.id}/attachments/${attachment.position}`} className="link">
                  {attachment.filename}
                </a>{" "}
                <span className="text-sm text-slate-500">({Math.ceil(attachment.bytes / 1024)} KiB)</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <pre className="card mt-4 whitespace-pre-wrap text-sm">{message.text}</pre>
    </PublicLayout>
  );
}
