import { resolvePartyPick, type PartyOption } from "~/modules/parties/parties.server";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";

/*
 * The server's half of the party picker (app/components/combobox.tsx) on forms with lines (`lines.<n>.partyId`
 * and `lines.<n>.partyName`): without JavaScript a person types a name and posts it with the id last chosen, so
 * the text decides. A line that posts no text field (a script sending ids only) keeps its id.
 */

const PARTY_NAME = /^lines\.(\d+)\.partyName$/;

/**
 * Sets each line's `partyId` to the party its text names, in `formData` itself; the errors are by field
 * (`lines.<n>.partyId`, beside the picker). Also answers the names of the parties chosen, for a form shown again.
 */
export async function resolveLineParties(actor: TenantActor, formData: FormData): Promise<{ errors: Record<string, string>; names: Map<string, string> }> {
  const lines = [...formData.keys()].flatMap((key) => {
    const match = PARTY_NAME.exec(key);
    return match ? [match[1]] : [];
  });
  const errors: Record<string, string> = {};
  const names = new Map<string, string>();
  if (!lines.length) return { errors, names };
  await withTenant(actor, async (tx) => {
    for (const line of new Set(lines)) {
      const text = formData.get(`lines.${line}.partyName`);
      const id = formData.get(`lines.${line}.partyId`);
      const pick = await resolvePartyPick(tx, { partyId: typeof id === "string" ? id : "", partyName: typeof text === "string" ? text : "" });
      if (!pick.ok) {
        errors[`lines.${line}.partyId`] = pick.message;
        continue;
      }
      formData.set(`lines.${line}.partyId`, pick.party?.id ?? "");
      if (pick.party) names.set(pick.party.id, pick.party.name);
    }
  });
  return { errors, names };
}

/** Form values of lines with each line's picker text set from the chosen party's name. */
export function withPartyNames(values: Record<string, string>, names: ReadonlyMap<string, string> | readonly PartyOption[]): Record<string, string> {
  const byId = names instanceof Map ? names : new Map((names as readonly PartyOption[]).map((p) => [p.id, p.name]));
  const named = { ...values };
  for (const [key, value] of Object.entries(values)) {
    const match = /^lines\.(\d+)\.partyId$/.exec(key);
    if (match && value && byId.has(value)) named[`lines.${match[1]}.partyName`] = byId.get(value)!;
  }
  return named;
}
