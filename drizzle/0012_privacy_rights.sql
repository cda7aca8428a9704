-- Hand-written: rights requests, the erasure log, restrictions and the marketing suppression list (issue 12).
ALTER TABLE "privacy_settings" ADD COLUMN "statutory_retention_years" integer DEFAULT 10 NOT NULL;
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "restricted_until" date;
--> statement-breakpoint
ALTER TABLE "suppliers" ADD COLUMN "restricted_until" date;
--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "restricted_until" date;
--> statement-breakpoint
CREATE TABLE "rights_requests" (
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "reference" text NOT NULL,
  "right" text NOT NULL CHECK ("right" IN ('access', 'portability', 'rectification', 'erasure', 'restriction', 'objection')),
  "state" text DEFAULT 'unverified' NOT NULL CHECK ("state" IN ('unverified', 'verified', 'in_review', 'approved', 'denied', 'in_progress', 'completed', 'partially_completed', 'cancelled')),
  "email" text NOT NULL,
  "email_hash" text NOT NULL,
  "name" text,
  "phone" text,
  "description" text,
  "user_id" uuid REFERENCES "users"("id") ON DELETE set null,
  "code_hash" text,
  "code_expires_at" timestamp with time zone,
  "code_attempts" integer DEFAULT 0 NOT NULL,
  "code_sends" integer DEFAULT 0 NOT NULL,
  "verified_at" timestamp with time zone,
  "due_at" timestamp with time zone,
  "extended_at" timestamp with time zone,
  "extension_reason" text,
  "decision_reason" text,
  "statement" text,
  "package_expires_at" timestamp with time zone,
  "completed_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "rights_requests_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id"),
  CONSTRAINT "rights_requests_reference_unique" UNIQUE ("tenant_id", "reference")
);
--> statement-breakpoint
CREATE INDEX "rights_requests_state_idx" ON "rights_requests" ("tenant_id", "state", "due_at");
--> statement-breakpoint
CREATE INDEX "rights_requests_email_idx" ON "rights_requests" ("tenant_id", "email_hash");
--> statement-breakpoint
CREATE TABLE "privacy_erasure_log" (
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "request_id" uuid,
  "email_hash" text NOT NULL,
  "entries" jsonb NOT NULL,
  "executed_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "privacy_erasure_log_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id")
);
--> statement-breakpoint
CREATE TABLE "privacy_restrictions" (
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "request_id" uuid,
  "table_name" text NOT NULL,
  "row_key" jsonb NOT NULL,
  "reason" text NOT NULL,
  "restricted_until" date NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "released_at" timestamp with time zone,
  CONSTRAINT "privacy_restrictions_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id")
);
--> statement-breakpoint
CREATE INDEX "privacy_restrictions_until_idx" ON "privacy_restrictions" ("tenant_id", "restricted_until");
--> statement-breakpoint
CREATE TABLE "marketing_suppressions" (
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "email_hash" text NOT NULL,
  "request_id" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "marketing_suppressions_tenant_id_email_hash_pk" PRIMARY KEY ("tenant_id", "email_hash")
);
--> statement-breakpoint
SELECT folio_protect_tenant_table('rights_requests');
--> statement-breakpoint
SELECT folio_protect_tenant_table('privacy_erasure_log');
--> statement-breakpoint
SELECT folio_protect_tenant_table('privacy_restrictions');
--> statement-breakpoint
SELECT folio_protect_tenant_table('marketing_suppressions');
--> statement-breakpoint
SELECT folio_make_append_only('privacy_erasure_log', 'privacy_erasure_log_append_only', 'the erasure log is append-only (%1$s refused)', 'purge_tenant');
--> statement-breakpoint
CREATE TABLE "privacy_breaches" (
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "description" text NOT NULL,
  "systems" text NOT NULL,
  "tables" text[] NOT NULL,
  "discovered_at" timestamp with time zone NOT NULL,
  "window_start" timestamp with time zone NOT NULL,
  "window_end" timestamp with time zone NOT NULL,
  "state" text DEFAULT 'suspected' NOT NULL CHECK ("state" IN ('suspected', 'confirmed', 'dismissed', 'authority_notified', 'subjects_notified', 'closed')),
  "categories" text[] NOT NULL,
  "affected_estimate" integer NOT NULL,
  "no_notice_reason" text,
  "authority_notified_at" timestamp with time zone,
  "subjects_notified_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "privacy_breaches_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id")
);
--> statement-breakpoint
SELECT folio_protect_tenant_table('privacy_breaches');
