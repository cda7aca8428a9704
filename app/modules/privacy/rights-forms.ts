import { z } from "zod";
import { REQUEST_STATES, type RequestState, type Right, RIGHTS } from "./schema";

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .optional()
    .transform((value) => value || null);

export const rightsRequestSchema = z.object({
  right: z.enum(RIGHTS, { errorMap: () => ({ message: "Choose which right you want to exercise." }) }),
  email: z.string().trim().toLowerCase().max(254, "At most 254 characters.").email("Enter your email address, like name@example.com."),
  name: optional(200),
  phone: optional(50),
  description: optional(4000),
});

export const codeSchema = z.object({
  intent: z.enum(["verify", "resend"]),
  code: z.string().trim().max(20).optional().default(""),
});

export const requestIdParam = z.string().uuid();

export const queueFilterSchema = z.object({
  state: z.enum(REQUEST_STATES).or(z.literal("")).optional().default(""),
  right: z.enum(RIGHTS).or(z.literal("")).optional().default(""),
  due: z.enum(["overdue", "week", ""]).optional().default(""),
});

export const teamActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("review") }),
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("deny"), reason: z.string().trim().min(5, "Say why: the requester is told.").max(2000) }),
  z.object({ intent: z.literal("extend"), months: z.coerce.number().int().min(1).max(2), reason: z.string().trim().min(5, "Say why: the requester is told.").max(2000) }),
  z.object({ intent: z.literal("complete"), note: z.string().trim().max(2000).optional() }),
  z.object({ intent: z.literal("cancel") }),
]);

export const RIGHT_LABELS: Record<Right, string> = {
  access: "Access: a copy of my data",
  portability: "Portability: my data in a machine-readable format",
  rectification: "Rectification: correct my data",
  erasure: "Erasure: delete my data",
  restriction: "Restriction: stop using my data for now",
  objection: "Objection: no more marketing",
};

export const STATE_LABELS: Record<RequestState, string> = {
  unverified: "Awaiting the code",
  verified: "Verified",
  in_review: "In review",
  approved: "Approved",
  denied: "Denied",
  in_progress: "In progress",
  completed: "Completed",
  partially_completed: "Partially completed",
  cancelled: "Cancelled",
};

