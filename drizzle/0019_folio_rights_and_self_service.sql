CREATE TABLE "folio_rights_requests" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"right" text NOT NULL,
	"state" text DEFAULT 'unverified' NOT NULL,
	"email" text NOT NULL,
	"email_hash" text NOT NULL,
	"name" text,
	"phone" text,
	"description" text,
	"user_id" uuid,
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
	CONSTRAINT "folio_rights_requests_id_pk" PRIMARY KEY("id"),
	CONSTRAINT "folio_rights_requests_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deletion_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "folio_rights_requests" ADD CONSTRAINT "folio_rights_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "folio_rights_requests_state_idx" ON "folio_rights_requests" USING btree ("state","due_at");--> statement-breakpoint
CREATE INDEX "folio_rights_requests_email_idx" ON "folio_rights_requests" USING btree ("email_hash");--> statement-breakpoint
ALTER TABLE "folio_rights_requests" ADD CONSTRAINT "folio_rights_requests_right_check" CHECK ("right" IN ('access', 'portability', 'rectification', 'erasure', 'restriction', 'objection'));--> statement-breakpoint
ALTER TABLE "folio_rights_requests" ADD CONSTRAINT "folio_rights_requests_state_check" CHECK ("state" IN ('unverified', 'verified', 'in_review', 'approved', 'denied', 'in_progress', 'completed', 'partially_completed', 'cancelled'));--> statement-breakpoint
-- An owner cancels the organisation (and undoes it) in the organisation's transaction, as the application role.
GRANT UPDATE (status, cancelled_at) ON tenants TO folio_app;
