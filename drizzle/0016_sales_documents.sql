CREATE TABLE "sales_document_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"item_id" uuid NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"warehouse_id" uuid,
	"quantity_micro" bigint NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"discount_bp" integer DEFAULT 0 NOT NULL,
	"tax_rate_id" uuid,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"gross_minor" bigint DEFAULT 0 NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"net_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"source_line_id" uuid,
	"stock_qty_micro" bigint DEFAULT 0 NOT NULL,
	"stock_value_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_document_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "sales_document_lines_line_unique" UNIQUE("tenant_id","document_id","line_no"),
	CONSTRAINT "sales_document_lines_amounts" CHECK ("sales_document_lines"."quantity_micro" > 0 and "sales_document_lines"."unit_price_minor" >= 0 and "sales_document_lines"."discount_bp" between 0 and 10000 and "sales_document_lines"."tax_rate_bp" between 0 and 10000),
	CONSTRAINT "sales_document_lines_description" CHECK (length("sales_document_lines"."description") <= 500)
);
--> statement-breakpoint
CREATE TABLE "sales_documents" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"customer_id" uuid NOT NULL,
	"number" text,
	"issue_date" date NOT NULL,
	"due_date" date,
	"currency" text NOT NULL,
	"subtotal_minor" bigint DEFAULT 0 NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"source_document_id" uuid,
	"notes" text DEFAULT '' NOT NULL,
	"journal_entry_id" uuid,
	"created_by_user_id" uuid,
	"posted_by_user_id" uuid,
	"posted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_documents_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "sales_documents_posted_numbered" CHECK (("sales_documents"."status" = 'draft') or "sales_documents"."number" is not null),
	CONSTRAINT "sales_documents_totals" CHECK ("sales_documents"."subtotal_minor" >= 0 and "sales_documents"."discount_minor" >= 0 and "sales_documents"."tax_minor" >= 0 and "sales_documents"."total_minor" >= 0),
	CONSTRAINT "sales_documents_notes" CHECK (length("sales_documents"."notes") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "sales_payment_allocations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_payment_allocations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "sales_payment_allocations_amount" CHECK ("sales_payment_allocations"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "sales_payments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"method" text NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"payment_date" date NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"account_id" uuid NOT NULL,
	"journal_entry_id" uuid NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_payments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "sales_payments_number_unique" UNIQUE("tenant_id","number"),
	CONSTRAINT "sales_payments_amount" CHECK ("sales_payments"."amount_minor" > 0),
	CONSTRAINT "sales_payments_reference" CHECK (length("sales_payments"."reference") <= 100)
);
--> statement-breakpoint
ALTER TABLE "sales_document_lines" ADD CONSTRAINT "sales_document_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document_lines" ADD CONSTRAINT "sales_document_lines_document_fk" FOREIGN KEY ("tenant_id","document_id") REFERENCES "public"."sales_documents"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document_lines" ADD CONSTRAINT "sales_document_lines_item_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document_lines" ADD CONSTRAINT "sales_document_lines_warehouse_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document_lines" ADD CONSTRAINT "sales_document_lines_tax_rate_fk" FOREIGN KEY ("tenant_id","tax_rate_id") REFERENCES "public"."tax_rates"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_document_lines" ADD CONSTRAINT "sales_document_lines_source_fk" FOREIGN KEY ("tenant_id","source_line_id") REFERENCES "public"."sales_document_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_documents" ADD CONSTRAINT "sales_documents_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_documents" ADD CONSTRAINT "sales_documents_customer_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_documents" ADD CONSTRAINT "sales_documents_source_fk" FOREIGN KEY ("tenant_id","source_document_id") REFERENCES "public"."sales_documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_documents" ADD CONSTRAINT "sales_documents_journal_entry_fk" FOREIGN KEY ("tenant_id","journal_entry_id") REFERENCES "public"."journal_entries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_payment_allocations" ADD CONSTRAINT "sales_payment_allocations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_payment_allocations" ADD CONSTRAINT "sales_payment_allocations_payment_fk" FOREIGN KEY ("tenant_id","payment_id") REFERENCES "public"."sales_payments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_payment_allocations" ADD CONSTRAINT "sales_payment_allocations_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."sales_documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_payments" ADD CONSTRAINT "sales_payments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_payments" ADD CONSTRAINT "sales_payments_customer_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_payments" ADD CONSTRAINT "sales_payments_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_payments" ADD CONSTRAINT "sales_payments_journal_entry_fk" FOREIGN KEY ("tenant_id","journal_entry_id") REFERENCES "public"."journal_entries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sales_document_lines_source_idx" ON "sales_document_lines" USING btree ("tenant_id","source_line_id") WHERE "sales_document_lines"."source_line_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "sales_documents_number_unique" ON "sales_documents" USING btree ("tenant_id","kind","number") WHERE "sales_documents"."number" is not null;--> statement-breakpoint
CREATE INDEX "sales_documents_list_idx" ON "sales_documents" USING btree ("tenant_id","kind","issue_date","id");--> statement-breakpoint
CREATE INDEX "sales_documents_customer_idx" ON "sales_documents" USING btree ("tenant_id","customer_id","kind","issue_date");--> statement-breakpoint
CREATE INDEX "sales_documents_source_idx" ON "sales_documents" USING btree ("tenant_id","source_document_id") WHERE "sales_documents"."source_document_id" is not null;--> statement-breakpoint
CREATE INDEX "sales_payment_allocations_invoice_idx" ON "sales_payment_allocations" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE INDEX "sales_payment_allocations_payment_idx" ON "sales_payment_allocations" USING btree ("tenant_id","payment_id");--> statement-breakpoint
CREATE INDEX "sales_payments_customer_idx" ON "sales_payments" USING btree ("tenant_id","customer_id","payment_date");--> statement-breakpoint
-- Hand-written: row-level security on every sales table; a salesman (data scope "assigned") sees a document,
-- line, payment or allocation only when he sees its customer (the customers' own policy narrows the EXISTS), so
-- reassigning a customer moves its documents at once.
SELECT folio_protect_tenant_table('sales_documents');
--> statement-breakpoint
SELECT folio_protect_tenant_table('sales_document_lines');
--> statement-breakpoint
SELECT folio_protect_tenant_table('sales_payments');
--> statement-breakpoint
SELECT folio_protect_tenant_table('sales_payment_allocations');
--> statement-breakpoint
CREATE POLICY sales_documents_data_scope ON sales_documents AS RESTRICTIVE
  USING (app_data_scope() = 'all' OR EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = sales_documents.tenant_id AND c.id = sales_documents.customer_id))
  WITH CHECK (app_data_scope() = 'all' OR EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = sales_documents.tenant_id AND c.id = sales_documents.customer_id));
--> statement-breakpoint
CREATE POLICY sales_document_lines_data_scope ON sales_document_lines AS RESTRICTIVE
  USING (app_data_scope() = 'all' OR EXISTS (SELECT 1 FROM sales_documents d WHERE d.tenant_id = sales_document_lines.tenant_id AND d.id = sales_document_lines.document_id))
  WITH CHECK (app_data_scope() = 'all' OR EXISTS (SELECT 1 FROM sales_documents d WHERE d.tenant_id = sales_document_lines.tenant_id AND d.id = sales_document_lines.document_id));
--> statement-breakpoint
CREATE POLICY sales_payments_data_scope ON sales_payments AS RESTRICTIVE
  USING (app_data_scope() = 'all' OR EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = sales_payments.tenant_id AND c.id = sales_payments.customer_id))
  WITH CHECK (app_data_scope() = 'all' OR EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = sales_payments.tenant_id AND c.id = sales_payments.customer_id));
--> statement-breakpoint
CREATE POLICY sales_payment_allocations_data_scope ON sales_payment_allocations AS RESTRICTIVE
  USING (app_data_scope() = 'all' OR EXISTS (SELECT 1 FROM sales_payments p WHERE p.tenant_id = sales_payment_allocations.tenant_id AND p.id = sales_payment_allocations.payment_id))
  WITH CHECK (app_data_scope() = 'all' OR EXISTS (SELECT 1 FROM sales_payments p WHERE p.tenant_id = sales_payment_allocations.tenant_id AND p.id = sales_payment_allocations.payment_id));
--> statement-breakpoint
-- Posted documents are never edited nor deleted: a correction is a credit note. A draft may change and go.
CREATE OR REPLACE FUNCTION sales_documents_posted_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('folio.purge_tenant', true) = OLD.tenant_id::text THEN
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' THEN
    RAISE EXCEPTION 'posted sales documents are immutable: % of % refused; issue a credit note instead', TG_OP, OLD.number
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sales_documents_posted_immutable BEFORE UPDATE OR DELETE ON sales_documents
  FOR EACH ROW EXECUTE FUNCTION sales_documents_posted_immutable();
--> statement-breakpoint
-- A line changes only while its document is a draft (posting writes what the line moved before it flips the status).
CREATE OR REPLACE FUNCTION sales_document_lines_posted_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  line_tenant uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
  line_document uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.document_id ELSE NEW.document_id END;
  parent_status text;
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('folio.purge_tenant', true) = OLD.tenant_id::text THEN
    RETURN OLD;
  END IF;
  SELECT d.status INTO parent_status FROM sales_documents d WHERE d.tenant_id = line_tenant AND d.id = line_document;
  IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
    RAISE EXCEPTION 'lines of a posted sales document are immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.document_id <> NEW.document_id THEN
    RAISE EXCEPTION 'a line stays on its document' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sales_document_lines_posted_immutable BEFORE INSERT OR UPDATE OR DELETE ON sales_document_lines
  FOR EACH ROW EXECUTE FUNCTION sales_document_lines_posted_immutable();
--> statement-breakpoint
SELECT folio_make_append_only('sales_payments', 'sales_payments_append_only', 'payments are append-only: %1$s of %2$s refused; record a refund instead', 'purge_tenant');
--> statement-breakpoint
SELECT folio_make_append_only('sales_payment_allocations', 'sales_payment_allocations_append_only', 'payment allocations are append-only: %1$s of %2$s refused', 'purge_tenant');
