CREATE TABLE "inventory_settings" (
	"tenant_id" uuid NOT NULL,
	"allow_negative_stock" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_settings_tenant_id_pk" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
CREATE TABLE "item_units" (
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"unit" text NOT NULL,
	"factor_micro" bigint NOT NULL,
	"barcode" text,
	CONSTRAINT "item_units_tenant_id_item_id_unit_pk" PRIMARY KEY("tenant_id","item_id","unit"),
	CONSTRAINT "item_units_factor" CHECK ("item_units"."factor_micro" > 0)
);
--> statement-breakpoint
CREATE TABLE "items" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text,
	"unit" text DEFAULT 'pcs' NOT NULL,
	"unit_decimals" integer DEFAULT 0 NOT NULL,
	"barcode" text,
	"sale_price_minor" bigint DEFAULT 0 NOT NULL,
	"cost_minor" bigint DEFAULT 0 NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"reorder_level_micro" bigint,
	"reorder_qty_micro" bigint,
	"kind" text DEFAULT 'stock' NOT NULL,
	"lot_tracked" boolean DEFAULT false NOT NULL,
	"valuation" text DEFAULT 'moving_average' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "items_tenant_sku_unique" UNIQUE("tenant_id","sku"),
	CONSTRAINT "items_sku_format" CHECK (length("items"."sku") between 1 and 64),
	CONSTRAINT "items_unit_decimals" CHECK ("items"."unit_decimals" between 0 and 6),
	CONSTRAINT "items_amounts" CHECK ("items"."sale_price_minor" >= 0 and "items"."cost_minor" >= 0 and "items"."tax_rate_bp" between 0 and 10000),
	CONSTRAINT "items_reorder" CHECK (coalesce("items"."reorder_level_micro", 0) >= 0 and coalesce("items"."reorder_qty_micro", 0) >= 0),
	CONSTRAINT "items_service_untracked" CHECK ("items"."kind" = 'stock' or not "items"."lot_tracked")
);
--> statement-breakpoint
CREATE TABLE "lots" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"lot_number" text NOT NULL,
	"expiry_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lots_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "lots_item_number_unique" UNIQUE("tenant_id","item_id","lot_number")
);
--> statement-breakpoint
CREATE TABLE "stock_balances" (
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"on_hand_micro" bigint DEFAULT 0 NOT NULL,
	"reserved_micro" bigint DEFAULT 0 NOT NULL,
	"value_minor" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_balances_tenant_id_item_id_warehouse_id_pk" PRIMARY KEY("tenant_id","item_id","warehouse_id"),
	CONSTRAINT "stock_balances_reserved" CHECK ("stock_balances"."reserved_micro" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_count_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"count_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"lot_id" uuid,
	"counted_micro" bigint NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expected_micro" bigint,
	"move_id" uuid,
	CONSTRAINT "stock_count_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "stock_count_lines_counted" CHECK ("stock_count_lines"."counted_micro" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_counts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"count_date" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_user_id" uuid,
	"posted_at" timestamp with time zone,
	"posted_by_user_id" uuid,
	CONSTRAINT "stock_counts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "stock_lot_balances" (
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"on_hand_micro" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stock_lot_balances_tenant_id_item_id_warehouse_id_lot_id_pk" PRIMARY KEY("tenant_id","item_id","warehouse_id","lot_id")
);
--> statement-breakpoint
CREATE TABLE "stock_month_balances" (
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"month" date NOT NULL,
	"qty_in_micro" bigint DEFAULT 0 NOT NULL,
	"qty_out_micro" bigint DEFAULT 0 NOT NULL,
	"value_in_minor" bigint DEFAULT 0 NOT NULL,
	"value_out_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stock_month_balances_tenant_id_item_id_warehouse_id_month_pk" PRIMARY KEY("tenant_id","item_id","warehouse_id","month"),
	CONSTRAINT "stock_month_balances_month" CHECK (extract(day from "stock_month_balances"."month") = 1)
);
--> statement-breakpoint
CREATE TABLE "stock_moves" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"lot_id" uuid,
	"kind" text NOT NULL,
	"qty_micro" bigint NOT NULL,
	"unit_cost_minor" bigint NOT NULL,
	"value_minor" bigint NOT NULL,
	"qty_after_micro" bigint NOT NULL,
	"value_after_minor" bigint NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text,
	"source_line" integer,
	"reason" text,
	"transfer_id" uuid,
	"reverses_move_id" uuid,
	"journal_entry_id" uuid,
	"move_date" date NOT NULL,
	"posted_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"user_id" uuid,
	CONSTRAINT "stock_moves_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "stock_moves_qty" CHECK ("stock_moves"."qty_micro" <> 0),
	CONSTRAINT "stock_moves_sign" CHECK (("stock_moves"."kind" in ('receipt', 'transfer_in') and "stock_moves"."qty_micro" > 0) or ("stock_moves"."kind" in ('issue', 'transfer_out') and "stock_moves"."qty_micro" < 0) or "stock_moves"."kind" in ('adjustment', 'count'))
);
--> statement-breakpoint
CREATE TABLE "stock_reservations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"qty_micro" bigint NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text,
	"source_line" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_user_id" uuid,
	"closed_at" timestamp with time zone,
	CONSTRAINT "stock_reservations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "stock_reservations_qty" CHECK ("stock_reservations"."qty_micro" > 0)
);
--> statement-breakpoint
CREATE TABLE "stock_warehouse_months" (
	"tenant_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"month" date NOT NULL,
	"qty_micro" bigint DEFAULT 0 NOT NULL,
	"value_minor" bigint DEFAULT 0 NOT NULL,
	"day_qty" bigint[] DEFAULT array_fill(0::bigint, array[31]) NOT NULL,
	"day_value" bigint[] DEFAULT array_fill(0::bigint, array[31]) NOT NULL,
	CONSTRAINT "stock_warehouse_months_tenant_id_warehouse_id_month_pk" PRIMARY KEY("tenant_id","warehouse_id","month"),
	CONSTRAINT "stock_warehouse_months_days" CHECK (array_length("stock_warehouse_months"."day_qty", 1) = 31 and array_length("stock_warehouse_months"."day_value", 1) = 31)
);
--> statement-breakpoint
CREATE TABLE "warehouse_bins" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "warehouse_bins_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "warehouse_bins_code_unique" UNIQUE("tenant_id","warehouse_id","code")
);
--> statement-breakpoint
CREATE TABLE "warehouses" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warehouses_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "warehouses_tenant_code_unique" UNIQUE("tenant_id","code"),
	CONSTRAINT "warehouses_code_format" CHECK ("warehouses"."code" ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$')
);
--> statement-breakpoint
ALTER TABLE "inventory_settings" ADD CONSTRAINT "inventory_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_units" ADD CONSTRAINT "item_units_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_units" ADD CONSTRAINT "item_units_item_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_item_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_item_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_warehouse_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_count_fk" FOREIGN KEY ("tenant_id","count_id") REFERENCES "public"."stock_counts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_item_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_lot_fk" FOREIGN KEY ("tenant_id","lot_id") REFERENCES "public"."lots"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_move_fk" FOREIGN KEY ("tenant_id","move_id") REFERENCES "public"."stock_moves"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_warehouse_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_lot_balances" ADD CONSTRAINT "stock_lot_balances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_lot_balances" ADD CONSTRAINT "stock_lot_balances_balance_fk" FOREIGN KEY ("tenant_id","item_id","warehouse_id") REFERENCES "public"."stock_balances"("tenant_id","item_id","warehouse_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_lot_balances" ADD CONSTRAINT "stock_lot_balances_lot_fk" FOREIGN KEY ("tenant_id","lot_id") REFERENCES "public"."lots"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_month_balances" ADD CONSTRAINT "stock_month_balances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_month_balances" ADD CONSTRAINT "stock_month_balances_balance_fk" FOREIGN KEY ("tenant_id","item_id","warehouse_id") REFERENCES "public"."stock_balances"("tenant_id","item_id","warehouse_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_moves" ADD CONSTRAINT "stock_moves_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_moves" ADD CONSTRAINT "stock_moves_item_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_moves" ADD CONSTRAINT "stock_moves_warehouse_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_moves" ADD CONSTRAINT "stock_moves_lot_fk" FOREIGN KEY ("tenant_id","lot_id") REFERENCES "public"."lots"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_moves" ADD CONSTRAINT "stock_moves_reverses_fk" FOREIGN KEY ("tenant_id","reverses_move_id") REFERENCES "public"."stock_moves"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_moves" ADD CONSTRAINT "stock_moves_journal_entry_fk" FOREIGN KEY ("tenant_id","journal_entry_id") REFERENCES "public"."journal_entries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_reservations" ADD CONSTRAINT "stock_reservations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_reservations" ADD CONSTRAINT "stock_reservations_balance_fk" FOREIGN KEY ("tenant_id","item_id","warehouse_id") REFERENCES "public"."stock_balances"("tenant_id","item_id","warehouse_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_warehouse_months" ADD CONSTRAINT "stock_warehouse_months_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_warehouse_months" ADD CONSTRAINT "stock_warehouse_months_warehouse_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warehouse_bins" ADD CONSTRAINT "warehouse_bins_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warehouse_bins" ADD CONSTRAINT "warehouse_bins_warehouse_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warehouses" ADD CONSTRAINT "warehouses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "items_tenant_barcode_unique" ON "items" USING btree ("tenant_id","barcode") WHERE "items"."barcode" is not null;--> statement-breakpoint
CREATE INDEX "items_tenant_name_idx" ON "items" USING btree ("tenant_id","name","sku");--> statement-breakpoint
CREATE INDEX "items_tenant_category_idx" ON "items" USING btree ("tenant_id","category","sku");--> statement-breakpoint
CREATE INDEX "lots_expiry_idx" ON "lots" USING btree ("tenant_id","expiry_date");--> statement-breakpoint
CREATE INDEX "stock_balances_warehouse_idx" ON "stock_balances" USING btree ("tenant_id","warehouse_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_count_lines_item_lot_unique" ON "stock_count_lines" USING btree ("tenant_id","count_id","item_id",coalesce("lot_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "stock_counts_warehouse_idx" ON "stock_counts" USING btree ("tenant_id","warehouse_id","created_at");--> statement-breakpoint
CREATE INDEX "stock_moves_history_idx" ON "stock_moves" USING btree ("tenant_id","item_id","posted_at","id");--> statement-breakpoint
CREATE INDEX "stock_moves_item_date_idx" ON "stock_moves" USING btree ("tenant_id","item_id","warehouse_id","move_date");--> statement-breakpoint
CREATE INDEX "stock_moves_warehouse_date_idx" ON "stock_moves" USING btree ("tenant_id","warehouse_id","move_date");--> statement-breakpoint
CREATE INDEX "stock_moves_ledger_idx" ON "stock_moves" USING btree ("tenant_id","posted_at","id");--> statement-breakpoint
CREATE INDEX "stock_moves_source_idx" ON "stock_moves" USING btree ("tenant_id","source_type","source_id");--> statement-breakpoint
CREATE INDEX "stock_reservations_source_idx" ON "stock_reservations" USING btree ("tenant_id","source_type","source_id");--> statement-breakpoint
CREATE INDEX "stock_reservations_open_idx" ON "stock_reservations" USING btree ("tenant_id","item_id","warehouse_id") WHERE "stock_reservations"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "warehouses_one_default" ON "warehouses" USING btree ("tenant_id") WHERE "warehouses"."is_default";--> statement-breakpoint
-- Hand-written: row-level security on every inventory table, the stock ledger append-only, the accounts stock
-- posts to and a main warehouse for the organisations that exist already.
SELECT folio_protect_tenant_table('inventory_settings');
--> statement-breakpoint
SELECT folio_protect_tenant_table('items');
--> statement-breakpoint
SELECT folio_protect_tenant_table('item_units');
--> statement-breakpoint
SELECT folio_protect_tenant_table('warehouses');
--> statement-breakpoint
SELECT folio_protect_tenant_table('warehouse_bins');
--> statement-breakpoint
SELECT folio_protect_tenant_table('lots');
--> statement-breakpoint
SELECT folio_protect_tenant_table('stock_moves');
--> statement-breakpoint
SELECT folio_protect_tenant_table('stock_balances');
--> statement-breakpoint
SELECT folio_protect_tenant_table('stock_lot_balances');
--> statement-breakpoint
SELECT folio_protect_tenant_table('stock_month_balances');
--> statement-breakpoint
SELECT folio_protect_tenant_table('stock_warehouse_months');
--> statement-breakpoint
SELECT folio_protect_tenant_table('stock_reservations');
--> statement-breakpoint
SELECT folio_protect_tenant_table('stock_counts');
--> statement-breakpoint
SELECT folio_protect_tenant_table('stock_count_lines');
--> statement-breakpoint
SELECT folio_make_append_only('stock_moves', 'stock_moves_append_only', 'stock moves are append-only: %1$s of %2$s refused; post a reversing move instead', 'purge_tenant');
--> statement-breakpoint
ALTER TABLE accounts NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE warehouses NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
INSERT INTO accounts (tenant_id, code, name, type, parent_id, role)
SELECT t.id, '2150', 'Goods received not invoiced', 'liability',
  (SELECT p.id FROM accounts p WHERE p.tenant_id = t.id AND p.code = '2000' AND p.is_group AND p.type = 'liability'), 'goods_received'
FROM tenants t
WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = t.id)
  AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = t.id AND (a.role = 'goods_received' OR a.code = '2150'));
--> statement-breakpoint
INSERT INTO accounts (tenant_id, code, name, type, parent_id, role)
SELECT t.id, '5200', 'Stock adjustments', 'expense',
  (SELECT p.id FROM accounts p WHERE p.tenant_id = t.id AND p.code = '5000' AND p.is_group AND p.type = 'expense'), 'stock_adjustment'
FROM tenants t
WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = t.id)
  AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = t.id AND (a.role = 'stock_adjustment' OR a.code = '5200'));
--> statement-breakpoint
INSERT INTO warehouses (tenant_id, code, name, is_default)
SELECT t.id, 'MAIN', 'Main warehouse', true FROM tenants t
WHERE NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.tenant_id = t.id);
--> statement-breakpoint
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE warehouses FORCE ROW LEVEL SECURITY;
