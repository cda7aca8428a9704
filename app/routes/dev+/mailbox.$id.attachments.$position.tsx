import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "~/db.server";
import { listAttachments } from "~/modules/email/outbox.server";
import { requireMailboxEnabled } from "~/modules/email/mailbox.server";
import { fileResponse } from "~/utils/export.server";
import { notFound } from "~/utils/responses.server";

const paramsSchema = z.object({ id: z.string().uuid(), position: z.coerce.number().int().min(0).max(1000) });

/** A file sent with a message of the local mailbox, as it was attached. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  requireMailboxEnabled(request);
  const parsed = paramsSchema.safeParse(params);
  const attachment = parsed.success ? (await listAttachments(db(), parsed.data.id))[parsed.data.position] : undefined;
  if (!attachment) throw notFound("There is no such attachment in the mailbox.");
  return fileResponse(attachment.content, { filename: attachment.filename, contentType: attachment.contentType, inline: true });
}
