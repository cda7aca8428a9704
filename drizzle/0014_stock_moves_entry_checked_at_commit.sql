-- A stock operation writes its moves before its ledger entry (the entry's number series, account balances and
-- audit head are locked last, for the shortest time): the moves' reference to the entry is checked at commit.
ALTER TABLE stock_moves ALTER CONSTRAINT stock_moves_journal_entry_fk DEFERRABLE INITIALLY DEFERRED;
