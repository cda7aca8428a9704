CREATE TABLE "customer_addresses" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"label" text NOT NULL,
	"street" text NOT NULL,
	"city" text NOT NULL,
	"postal_code" text,
	"country" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_addresses_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_contacts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text,
	"email" text,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_contacts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_price_lists" (
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"price_list_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_price_lists_tenant_id_customer_id_pk" PRIMARY KEY("tenant_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "price_list_items" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"price_list_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"min_quantity_micro" bigint DEFAULT 0 NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_list_items_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "price_list_items_amounts" CHECK ("price_list_items"."unit_price_minor" >= 0 and "price_list_items"."min_quantity_micro" >= 0)
);
--> statement-breakpoint
CREATE TABLE "price_lists" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"tax_inclusive" boolean DEFAULT false NOT NULL,
	"discount_bp" integer DEFAULT 0 NOT NULL,
	"valid_from" date,
	"valid_until" date,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_lists_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "price_lists_discount" CHECK ("price_lists"."discount_bp" between 0 and 10000),
	CONSTRAINT "price_lists_dates" CHECK ("price_lists"."valid_from" is null or "price_lists"."valid_until" is null or "price_lists"."valid_from" <= "price_lists"."valid_until")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "credit_limit_minor" bigint;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "tax_exempt" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "search_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "suppliers" ADD COLUMN "search_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_addresses" ADD CONSTRAINT "customer_addresses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_addresses" ADD CONSTRAINT "customer_addresses_customer_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD CONSTRAINT "customer_contacts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD CONSTRAINT "customer_contacts_customer_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_price_lists" ADD CONSTRAINT "customer_price_lists_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_price_lists" ADD CONSTRAINT "customer_price_lists_customer_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_price_lists" ADD CONSTRAINT "customer_price_lists_list_fk" FOREIGN KEY ("tenant_id","price_list_id") REFERENCES "public"."price_lists"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_items" ADD CONSTRAINT "price_list_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_items" ADD CONSTRAINT "price_list_items_list_fk" FOREIGN KEY ("tenant_id","price_list_id") REFERENCES "public"."price_lists"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_items" ADD CONSTRAINT "price_list_items_item_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_lists" ADD CONSTRAINT "price_lists_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_addresses_customer_idx" ON "customer_addresses" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "customer_contacts_customer_idx" ON "customer_contacts" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "customer_price_lists_list_idx" ON "customer_price_lists" USING btree ("tenant_id","price_list_id");--> statement-breakpoint
CREATE UNIQUE INDEX "price_list_items_break_unique" ON "price_list_items" USING btree ("tenant_id","price_list_id","item_id","min_quantity_micro");--> statement-breakpoint
CREATE INDEX "price_list_items_item_idx" ON "price_list_items" USING btree ("tenant_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "price_lists_tenant_name_unique" ON "price_lists" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "price_lists_one_default" ON "price_lists" USING btree ("tenant_id") WHERE "price_lists"."is_default";--> statement-breakpoint
CREATE INDEX "leads_owner_idx" ON "leads" USING btree ("tenant_id","owner_user_id");--> statement-breakpoint
CREATE INDEX "customers_search_idx" ON "customers" USING btree ("tenant_id","search_name" collate "C");--> statement-breakpoint
CREATE INDEX "suppliers_search_idx" ON "suppliers" USING btree ("tenant_id","search_name" collate "C");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_credit_limit" CHECK ("customers"."credit_limit_minor" is null or "customers"."credit_limit_minor" >= 0);
--> statement-breakpoint
-- Hand-written: the search name of customers and suppliers is lower(name), kept by the database itself so that no
-- writer (the screens, an import, the privacy centre's erasure) can let it drift from the name. The search compares
-- it with starts_with(), which PostgreSQL marks leakproof, so the prefix index is usable under row-level security
-- (lower(), LIKE and pg_trgm's operators are not leakproof, and a policy-bound query cannot use their indexes).
CREATE OR REPLACE FUNCTION folio_party_search_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_name := lower(NEW.name);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER customers_search_name BEFORE INSERT OR UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION folio_party_search_name();
--> statement-breakpoint
CREATE TRIGGER suppliers_search_name BEFORE INSERT OR UPDATE ON suppliers FOR EACH ROW EXECUTE FUNCTION folio_party_search_name();
--> statement-breakpoint
UPDATE customers SET search_name = lower(name);
--> statement-breakpoint
UPDATE suppliers SET search_name = lower(name);
--> statement-breakpoint
-- The new tenant tables are isolated like every other.
SELECT folio_protect_tenant_table('customer_addresses');
--> statement-breakpoint
SELECT folio_protect_tenant_table('customer_contacts');
--> statement-breakpoint
SELECT folio_protect_tenant_table('price_lists');
--> statement-breakpoint
SELECT folio_protect_tenant_table('price_list_items');
--> statement-breakpoint
SELECT folio_protect_tenant_table('customer_price_lists');
--> statement-breakpoint
-- A salesman sees and changes the addresses, contacts and price list of his own customers only: the customer row
-- must be visible, and the customers' own restrictive policy narrows that to the ones assigned to him.
CREATE POLICY customer_addresses_data_scope ON customer_addresses AS RESTRICTIVE
  USING (EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = customer_addresses.tenant_id AND c.id = customer_addresses.customer_id))
  WITH CHECK (EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = customer_addresses.tenant_id AND c.id = customer_addresses.customer_id));
--> statement-breakpoint
CREATE POLICY customer_contacts_data_scope ON customer_contacts AS RESTRICTIVE
  USING (EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = customer_contacts.tenant_id AND c.id = customer_contacts.customer_id))
  WITH CHECK (EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = customer_contacts.tenant_id AND c.id = customer_contacts.customer_id));
--> statement-breakpoint
CREATE POLICY customer_price_lists_data_scope ON customer_price_lists AS RESTRICTIVE
  USING (EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = customer_price_lists.tenant_id AND c.id = customer_price_lists.customer_id))
  WITH CHECK (EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = customer_price_lists.tenant_id AND c.id = customer_price_lists.customer_id));
--> statement-breakpoint
-- Leads follow the salesman's rule: a member whose data scope is "assigned" sees and changes only the leads he owns.
CREATE POLICY leads_data_scope ON leads AS RESTRICTIVE
  USING (app_data_scope() = 'all' OR owner_user_id = app_user_id())
  WITH CHECK (app_data_scope() = 'all' OR owner_user_id = app_user_id());
