import { Form } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Combobox } from "~/components/combobox";
import { DateField, IdempotencyField, TextField } from "~/components/forms";
import { amountTotals, blankLine, linesFromValues, type LineValues } from "~/modules/ledger/forms";
import { formatAmount } from "~/utils/format";

export interface AccountOption {
  id: string;
  code: string;
  name: string;
  isGroup: boolean;
  isActive: boolean;
  partyKind: "customer" | "supplier" | null;
}

interface LineState extends LineValues {
  key: number;
  errors: Record<string, string>;
}

let nextKey = 1;

/** A line's field labels: in the column headings on a wide screen, above each field where the rows stack (phones). */
const LINE_LABEL = "sr-only max-sm:not-sr-only max-sm:mb-1 max-sm:block max-sm:text-xs max-sm:font-semibold max-sm:text-slate-600";

function initialLines(values: Record<string, string>, errors: Record<string, string>): LineState[] {
  const lines = linesFromValues(values);
  while (lines.length < 2) lines.push(blankLine());
  return lines.map((line, index) => {
    const own: Record<string, string> = {};
    for (const [field, message] of Object.entries(errors)) {
      if (field === `lines.${index}`) own.line = message;
      else if (field.startsWith(`lines.${index}.`)) own[field.slice(`lines.${index}.`.length)] = message;
    }
    return { ...line, key: nextKey++, errors: own };
  });
}

/**
 * The journal entry form (new entry and draft). Works without JavaScript: "Add line" and "Remove" are submit
 * buttons the server answers by re-rendering the form with the values kept. With JavaScript they act at once
 * and the totals follow the inputs, computed exactly on decimal strings (bigint minor units, never floats).
 */
export function EntryForm({
  accounts,
  partySearch,
  values,
  errors,
  currency,
  locale,
  submitting,
  readOnly = false,
  secondaryActions,
  idempotencyToken,
}: {
  accounts: AccountOption[];
  /** The party search (a resource route answering options for `?q=`), for the lines' pickers. */
  partySearch: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  currency: string;
  locale: string;
  submitting: boolean;
  readOnly?: boolean;
  secondaryActions?: ReactNode;
  /** The token that makes a repeated "Post entry" (or "Save draft" of a new entry) answer as the first did. */
  idempotencyToken: string;
}) {
  const [lines, setLines] = useState(() => initialLines(values, errors));
  const [hydrated, setHydrated] = useState(false);
  const [focusLine, setFocusLine] = useState<number | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (focusLine === null) return;
    const target = focusLine < 0 ? addButton.current : document.getElementById(`line-${focusLine}-account`);
    target?.focus();
    setFocusLine(null);
  }, [focusLine]);

  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const totals = amountTotals(lines, currency);
  const amount = (minor: bigint) => formatAmount(minor, currency, locale);
  const difference = totals.difference < 0n ? -totals.difference : totals.difference;
  const update = (key: number, field: keyof LineValues, value: string) =>
    setLines((current) => current.map((line) => (line.key === key ? { ...line, [field]: value } : line)));

  return (
    <Form method="post" className="space-y-6" noValidate>
      <IdempotencyField token={idempotencyToken} />
      {/* Enter in a field submits the first submit button: let it only recalculate, never post or remove. */}
      <button
        type="submit"
        name="intent"
        value="refresh"
        className="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        onClick={(event) => event.preventDefault()}
      >
        Update totals
      </button>
      {/* min-w-0: a fieldset is at least as wide as its content by default, which pushed the form off a phone. */}
      <fieldset disabled={readOnly} className="min-w-0 space-y-6">
        <div className="card grid gap-4 sm:grid-cols-[12rem_1fr]">
          <DateField label="Date" name="entryDate" locale={locale} defaultValue={values.entryDate} error={errors.entryDate} required />
          <TextField label="Memo" name="memo" defaultValue={values.memo} error={errors.memo} maxLength={500} hint="What this entry records, for example: March office rent." />
        </div>

        <section aria-labelledby="lines-heading" className="card overflow-x-auto">
          <h2 id="lines-heading" className="mb-3 text-lg font-semibold">
            Lines
          </h2>
          {errors.lines ? (
            <p id="lines-error" role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
              {errors.lines}
            </p>
          ) : null}
          <table className="table-basic table-stack" aria-describedby={errors.lines ? "lines-error" : undefined}>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Account</th>
                <th scope="col">Customer or supplier</th>
                <th scope="col">Description</th>
                <th scope="col" className="text-right">
                  Debit
                </th>
                <th scope="col" className="text-right">
                  Credit
                </th>
                <th scope="col">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {lines.map((line, index) => (
                <LineRow
                  key={line.key}
                  index={index}
                  line={line}
                  accounts={accounts}
                  account={accountById.get(line.accountId)}
                  partySearch={partySearch}
                  readOnly={readOnly}
                  onChange={(field, value) => update(line.key, field, value)}
                  onRemove={() => {
                    setLines((current) => current.filter((l) => l.key !== line.key));
                    setFocusLine(index < lines.length - 1 ? index : -1);
                  }}
                />
              ))}
            </tbody>
            <tfoot className="border-t-2 border-slate-300 font-semibold">
              <tr>
                <th scope="row" colSpan={4} className="sm:text-right">
                  Totals
                </th>
                <td className="tabular-nums sm:text-right" data-label="Debits" aria-label={`Total debits ${amount(totals.debit)}`}>
                  {amount(totals.debit)}
                </td>
                <td className="tabular-nums sm:text-right" data-label="Credits" aria-label={`Total credits ${amount(totals.credit)}`}>
                  {amount(totals.credit)}
                </td>
                <td />
              </tr>
            </tfoot>
          </table>
          <p aria-live="polite" className={`mt-3 text-sm font-medium ${totals.difference === 0n ? "text-green-800" : "text-amber-800"}`}>
            {totals.difference === 0n
              ? totals.debit === 0n
                ? "Enter the amounts: debits and credits must be equal."
                : `Balanced: debits and credits are both ${amount(totals.debit)} ${currency}.`
              : `Not balanced: ${totals.difference > 0n ? "debits exceed credits" : "credits exceed debits"} by ${amount(difference)} ${currency}.`}
            {totals.invalid ? ` ${totals.invalid === 1 ? "One amount is" : `${totals.invalid} amounts are`} not a valid number and left out.` : null}
          </p>
          {readOnly ? null : (
            <div className="mt-4 flex flex-wrap gap-2">
              <button
                ref={addButton}
                type="submit"
                name="intent"
                value="add-line"
                className="btn-secondary"
                onClick={(event) => {
                  event.preventDefault();
                  setLines((current) => [...current, { ...blankLine(), key: nextKey++, errors: {} }]);
                  setFocusLine(lines.length);
                }}
              >
                Add line
              </button>
              {hydrated ? null : (
                <button type="submit" name="intent" value="refresh" className="btn-secondary">
                  Update totals
                </button>
              )}
            </div>
          )}
        </section>
      </fieldset>

      {readOnly ? null : (
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" name="intent" value="post" className="btn-primary" disabled={submitting}>
            Post entry
          </button>
          <button type="submit" name="intent" value="save-draft" className="btn-secondary" disabled={submitting}>
            Save draft
          </button>
          {secondaryActions}
        </div>
      )}
    </Form>
  );
}

function LineRow({
  index,
  line,
  accounts,
  account,
  partySearch,
  readOnly,
  onChange,
  onRemove,
}: {
  index: number;
  line: LineState;
  accounts: AccountOption[];
  account: AccountOption | undefined;
  partySearch: string;
  readOnly: boolean;
  onChange: (field: keyof LineValues, value: string) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const id = (field: string) => `line-${index}-${field}`;
  const describe = (field: string) => [line.errors[field] ? id(`${field}-error`) : null, line.errors.line ? id("error") : null].filter(Boolean).join(" ") || undefined;
  const choosable = accounts.filter((a) => (!a.isGroup && a.isActive) || a.id === line.accountId);
  const needs = account?.partyKind ?? null;
  const fieldError = (field: string) =>
    line.errors[field] ? (
      <p id={id(`${field}-error`)} className="mt-1 text-xs text-red-700">
        {line.errors[field]}
      </p>
    ) : null;
  const name = (field: keyof LineValues) => `lines.${index}.${field}`;
  return (
    <>
      <tr className={line.errors.line ? "bg-red-50" : undefined}>
        <td className="pt-4 tabular-nums text-slate-500 max-sm:font-semibold max-sm:text-slate-900">
          <span className="sm:hidden">Line </span>
          {n}
        </td>
        <td className="min-w-[14rem]">
          <label htmlFor={id("account")} className={LINE_LABEL}>
            Account
            <span className="sr-only">, line {n}</span>
          </label>
          <select
            id={id("account")}
            name={name("accountId")}
            className="input"
            value={line.accountId}
            onChange={(e) => onChange("accountId", e.target.value)}
            aria-invalid={line.errors.accountId || line.errors.line ? true : undefined}
            aria-describedby={describe("accountId")}
          >
            <option value="">Choose an account</option>
            {choosable.map((a) => (
              <option key={a.id} value={a.id}>
                {a.code} {a.name}
                {a.isActive ? "" : " (inactive)"}
              </option>
            ))}
          </select>
          {fieldError("accountId")}
        </td>
        <td className="min-w-[12rem]">
          <label htmlFor={id("party")} className={LINE_LABEL}>
            Customer or supplier
            <span className="sr-only">, line {n}</span>
          </label>
          <Combobox
            id={id("party")}
            name={name("partyId")}
            textName={name("partyName")}
            source={needs ? `${partySearch}?kind=${needs}` : partySearch}
            initial={{ id: line.partyId, name: line.partyName }}
            placeholder={needs ? `Type a ${needs}'s name` : "None"}
            disabled={readOnly}
            onChange={(choice) => {
              onChange("partyId", choice.id);
              onChange("partyName", choice.name);
            }}
            invalid={Boolean(line.errors.partyId || line.errors.partyName)}
            describedBy={[describe("partyId"), line.errors.partyName ? id("partyName-error") : null, needs ? id("party-hint") : null].filter(Boolean).join(" ") || undefined}
          />
          {needs ? (
            <p id={id("party-hint")} className="mt-1 text-xs text-slate-500">
              Required: this account needs a {needs}.
            </p>
          ) : null}
          {fieldError("partyId")}
          {fieldError("partyName")}
        </td>
        <td className="min-w-[10rem]">
          <label htmlFor={id("description")} className={LINE_LABEL}>
            Description
            <span className="sr-only">, line {n}</span>
          </label>
          <input
            id={id("description")}
            name={name("description")}
            className="input"
            value={line.description}
            maxLength={500}
            onChange={(e) => onChange("description", e.target.value)}
            aria-invalid={line.errors.description ? true : undefined}
            aria-describedby={describe("description")}
          />
          {fieldError("description")}
        </td>
        {(["debit", "credit"] as const).map((side) => (
          <td key={side} className="sm:w-32">
            <label htmlFor={id(side)} className={LINE_LABEL}>
              {side === "debit" ? "Debit" : "Credit"}
              <span className="sr-only">, line {n}</span>
            </label>
            <input
              id={id(side)}
              name={name(side)}
              className="input text-right tabular-nums"
              inputMode="decimal"
              autoComplete="off"
              value={line[side]}
              onChange={(e) => onChange(side, e.target.value)}
              aria-invalid={line.errors[side] ? true : undefined}
              aria-describedby={describe(side)}
            />
            {fieldError(side)}
          </td>
        ))}
        <td>
          {readOnly ? null : (
            <button
              type="submit"
              name="intent"
              value={`remove-line:${index}`}
              className="btn-secondary px-2"
              onClick={(event) => {
                event.preventDefault();
                onRemove();
              }}
            >
              <span aria-hidden="true">✕</span>
              <span aria-hidden="true" className="sm:hidden">
                Remove
              </span>
              <span className="sr-only">Remove line {n}</span>
            </button>
          )}
        </td>
      </tr>
      {line.errors.line ? (
        <tr className="bg-red-50">
          <td />
          <td colSpan={6} className="pt-0">
            <p id={id("error")} className="text-sm text-red-700">
              {line.errors.line}
            </p>
          </td>
        </tr>
      ) : null}
    </>
  );
}
