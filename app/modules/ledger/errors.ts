/** Which ledger rule refused an operation; routes show the message and map the rule to a status. */
export type LedgerRule =
  | "empty"
  | "line_amount"
  | "unbalanced"
  | "invalid_date"
  | "currency"
  | "unknown_account"
  | "group_account"
  | "inactive_account"
  | "unknown_party"
  | "party_required"
  | "period_locked"
  | "unknown_entry"
  | "already_reversed"
  | "reversal_of_reversal"
  | "account_in_use"
  | "duplicate_code"
  | "invalid_parent"
  | "unknown_period"
  | "unknown_draft";

export class LedgerError extends Error {
  constructor(
    readonly rule: LedgerRule,
    message: string,
    /** The form field or line the message belongs beside, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }

  get status(): 400 | 404 | 409 {
    if (this.rule === "unknown_entry" || this.rule === "unknown_period" || this.rule === "unknown_draft") return 404;
    if (this.rule === "already_reversed" || this.rule === "period_locked" || this.rule === "account_in_use" || this.rule === "duplicate_code") return 409;
    return 400;
  }
}
