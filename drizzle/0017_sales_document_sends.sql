CREATE TABLE "sales_document_sends" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"to_address" text NOT NULL,
	"sent_by_user_id" uuid,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_document_sends_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "sales_document_sends" ADD CONSTRAINT "sales_document_sends_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document_sends" ADD CONSTRAINT "sales_document_sends_document_fk" FOREIGN KEY ("tenant_id","document_id") REFERENCES "public"."sales_documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sales_document_sends_document_idx" ON "sales_document_sends" USING btree ("tenant_id","document_id","sent_at");--> statement-breakpoint
-- Hand-written: tenant isolation, the salesman's scope through the document's customer, append-only.
SELECT folio_protect_tenant_table('sales_document_sends');
--> statement-breakpoint
CREATE POLICY sales_document_sends_data_scope ON sales_document_sends AS RESTRICTIVE
  USING (app_data_scope() = 'all' OR EXISTS (SELECT 1 FROM sales_documents d WHERE d.tenant_id = sales_document_sends.tenant_id AND d.id = sales_document_sends.document_id))
  WITH CHECK (app_data_scope() = 'all' OR EXISTS (SELECT 1 FROM sales_documents d WHERE d.tenant_id = sales_document_sends.tenant_id AND d.id = sales_document_sends.document_id));
--> statement-breakpoint
SELECT folio_make_append_only('sales_document_sends', 'sales_document_sends_append_only', 'the record of sent documents is append-only (%1$s refused)', 'purge_tenant');
