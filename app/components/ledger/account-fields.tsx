import { CheckboxField, SelectField, TextField } from "~/components/forms";
import { ACCOUNT_TYPE_LABELS, PARTY_KIND_LABELS } from "~/modules/ledger/forms";

export interface AccountRow {
  id: string;
  code: string;
  name: string;
  type: keyof typeof ACCOUNT_TYPE_LABELS;
  parentId: string | null;
  isGroup: boolean;
  isActive: boolean;
  role: string | null;
  partyKind: keyof typeof PARTY_KIND_LABELS | null;
}

/** Accounts in chart order: each group followed by its children (by code), with their depth. */
export function accountTree<T extends { id: string; code: string; parentId: string | null }>(accounts: T[]): Array<T & { depth: number }> {
  const ids = new Set(accounts.map((a) => a.id));
  const children = new Map<string | null, T[]>();
  for (const account of accounts) {
    const parent = account.parentId && ids.has(account.parentId) ? account.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), account]);
  }
  const ordered: Array<T & { depth: number }> = [];
  const visit = (parent: string | null, depth: number) => {
    for (const account of (children.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code, "en", { numeric: true }))) {
      ordered.push({ ...account, depth });
      visit(account.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

export function roleLabel(role: string): string {
  const text = role.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The fields shared by the new-account and edit-account forms. */
export function AccountFields({
  values,
  errors,
  groups,
  typeLocked,
  partyKindLocked,
}: {
  values: Record<string, string | undefined>;
  errors: Record<string, string | undefined>;
  /** Group accounts that may hold this one (already without the account itself and its sub-accounts). */
  groups: Array<{ id: string; code: string; name: string; type: string }>;
  typeLocked?: string;
  partyKindLocked?: string;
}) {
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
        <TextField label="Code" name="accountCode" defaultValue={values.accountCode} error={errors.accountCode ?? errors.code} required maxLength={20} autoComplete="off" />
        <TextField label="Name" name="name" defaultValue={values.name} error={errors.name} required maxLength={100} />
      </div>
      <SelectField
        label="Type"
        name="type"
        defaultValue={values.type ?? "expense"}
        error={errors.type}
        disabled={Boolean(typeLocked)}
        aria-describedby={typeLocked ? "type-locked" : undefined}
        options={Object.entries(ACCOUNT_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
      />
      {typeLocked ? (
        <>
          <input type="hidden" name="type" value={values.type} />
          <p id="type-locked" className="-mt-2 text-xs text-slate-500">
            {typeLocked}
          </p>
        </>
      ) : null}
      <SelectField
        label="Parent group"
        name="parentId"
        defaultValue={values.parentId ?? ""}
        error={errors.parentId}
        options={[
          { value: "", label: "None (top level)" },
          ...groups.map((g) => ({ value: g.id, label: `${g.code} ${g.name} (${ACCOUNT_TYPE_LABELS[g.type as keyof typeof ACCOUNT_TYPE_LABELS] ?? g.type})` })),
        ]}
      />
      <p className="-mt-2 text-xs text-slate-500">A parent group must have the same type as the account.</p>
      <CheckboxField
        label="Group account: holds other accounts and takes no postings itself"
        name="isGroup"
        defaultChecked={values.isGroup === "on" || values.isGroup === "true"}
        error={errors.isGroup}
      />
      <SelectField
        label="Lines on this account need"
        name="partyKind"
        defaultValue={values.partyKind ?? ""}
        error={errors.partyKind}
        disabled={Boolean(partyKindLocked)}
        aria-describedby={partyKindLocked ? "party-kind-locked" : undefined}
        options={[
          { value: "", label: "No customer or supplier" },
          { value: "customer", label: "A customer (receivables)" },
          { value: "supplier", label: "A supplier (payables)" },
        ]}
      />
      {partyKindLocked ? (
        <>
          <input type="hidden" name="partyKind" value={values.partyKind ?? ""} />
          <p id="party-kind-locked" className="-mt-2 text-xs text-slate-500">
            {partyKindLocked}
          </p>
        </>
      ) : null}
    </>
  );
}
