import { z } from "zod";

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    APP_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** The public origin of emailed links; unset, it is http://localhost:<PORT>, the port this process serves. */
    APP_URL: optionalText.pipe(
      z
        .string()
        .url()
        .transform((url) => url.replace(/\/+$/, ""))
        .optional(),
    ),
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
        .optional(),
    ),
    DATA_DIR: z.string().default("./data"),
    SESSION_SECRET: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    RESEND_API_KEY: optionalText,
    /** Resend's API at another address (a proxy, or a local fake in tests); https://api.resend.com by default. */
    RESEND_BASE_URL: optionalText.pipe(z.string().url().optional()),
    MAIL_FROM: z.string().default("Folio <no-reply@folio.localhost>"),
    TRUST_PROXY: z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true"),
    JOBS: z.enum(["on", "off"]).default("on"),
    /** People who may publish Folio's own privacy notice: comma-separated emails of verified accounts. */
    FOLIO_ADMIN_EMAILS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((email) => email.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().email("must be a comma-separated list of email addresses"))),
    /** The old name of FOLIO_ADMIN_EMAILS: refused, so that nobody loses the right to publish without being told. */
    PLATFORM_ADMIN_EMAILS: z.undefined({ message: "was renamed FOLIO_ADMIN_EMAILS: set that instead" }),
    ANALYTICS_MEASUREMENT_ID: optionalText.pipe(
      z
        .string()
        .regex(/^G-[A-Z0-9]{4,12}$/, "must be a measurement id like G-ABC123XYZ")
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.APP_ENV === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required when APP_ENV=production" });
    }
    if (env.APP_ENV === "production" && !env.APP_URL) {
      ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "is required when APP_ENV=production (the public https:// origin)" });
    } else if (env.APP_ENV === "production" && !env.APP_URL?.startsWith("https://")) {
      ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "must be https:// when APP_ENV=production" });
    }
  })
  .transform((env) => ({ ...env, APP_URL: env.APP_URL ?? `http://localhost:${env.PORT}` }));

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Parses the environment; the error is one line naming the variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? "environment");
    throw new EnvError(`Invalid environment variable ${name}: ${issue.message} (got ${JSON.stringify(source[name] ?? null)})`);
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function resetEnvForTests() {
  cached = undefined;
}
