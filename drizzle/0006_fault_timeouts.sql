-- Sessions that log in as the application role end a transaction left idle by a client that went away, and
-- bound a statement, so a lost client never holds row locks for long. (Folio's own connections set the same
-- values when they connect, since SET ROLE does not apply a role's settings: see app/db.server.ts.)
ALTER ROLE folio_app SET idle_in_transaction_session_timeout = '15s';
--> statement-breakpoint
ALTER ROLE folio_app SET statement_timeout = '10s';
