CREATE TABLE "inventory_imports" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"filename" text NOT NULL,
	"format" text NOT NULL,
	"row_count" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"preview" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"imported_count" integer DEFAULT 0 NOT NULL,
	"failure" text,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "inventory_imports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "inventory_imports_kind" CHECK ("inventory_imports"."kind" in ('items', 'opening-stock')),
	CONSTRAINT "inventory_imports_status" CHECK ("inventory_imports"."status" in ('checking', 'invalid', 'ready', 'importing', 'imported', 'failed')),
	CONSTRAINT "inventory_imports_format" CHECK ("inventory_imports"."format" in ('csv', 'xlsx')),
	CONSTRAINT "inventory_imports_progress" CHECK ("inventory_imports"."processed" between 0 and "inventory_imports"."row_count")
);
--> statement-breakpoint
CREATE TABLE "inventory_import_files" (
	"tenant_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"headers" jsonb NOT NULL,
	"rows" jsonb NOT NULL,
	CONSTRAINT "inventory_import_files_tenant_id_import_id_pk" PRIMARY KEY("tenant_id","import_id")
);
--> statement-breakpoint
ALTER TABLE "inventory_imports" ADD CONSTRAINT "inventory_imports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_imports" ADD CONSTRAINT "inventory_imports_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_import_files" ADD CONSTRAINT "inventory_import_files_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_import_files" ADD CONSTRAINT "inventory_import_files_import_fk" FOREIGN KEY ("tenant_id","import_id") REFERENCES "public"."inventory_imports"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inventory_imports_created_idx" ON "inventory_imports" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "inventory_imports_unfinished_idx" ON "inventory_imports" USING btree ("tenant_id","updated_at") WHERE "inventory_imports"."status" in ('checking', 'importing');--> statement-breakpoint
-- Hand-written: imports and their files are isolated like every tenant table.
SELECT folio_protect_tenant_table('inventory_imports');--> statement-breakpoint
SELECT folio_protect_tenant_table('inventory_import_files');
