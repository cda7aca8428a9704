import { useEffect, useRef, useState } from "react";
import { CURRENCY_LABELS, CURRENCY_OPTIONS, LOCALE_LABELS, LOCALE_OPTIONS, type RegionalSettings } from "~/modules/tenancy/regional";
import { SelectField } from "./forms";

const CURRENCY_CHOICES = CURRENCY_OPTIONS.map((value) => ({ value, label: CURRENCY_LABELS[value] }));
const LOCALE_CHOICES = LOCALE_OPTIONS.map((value) => ({ value, label: `${LOCALE_LABELS[value]}, ${value}` }));

/**
 * An organisation's currency, time zone, and language and region (how its numbers and dates are written): at
 * sign-up, for another organisation, and in its settings. `guessTimeZone`: the time zone shown is a guess from
 * the request, which the browser's own time zone replaces once JavaScript runs (when the list has it).
 */
export function RegionalFields({
  values,
  errors,
  initial,
  timeZones,
  guessTimeZone = false,
}: {
  values: Record<string, string>;
  errors: Record<string, string>;
  initial: RegionalSettings;
  timeZones: readonly string[];
  guessTimeZone?: boolean;
}) {
  const timeZone = useRef<HTMLSelectElement>(null);
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  useEffect(() => {
    if (guessTimeZone) setBrowserZone(Intl.DateTimeFormat().resolvedOptions().timeZone || null);
  }, [guessTimeZone]);
  useEffect(() => {
    // Only while the guess is still shown: a choice made before the page finished loading is kept.
    const select = timeZone.current;
    if (select && browserZone && select.value === initial.timeZone) select.value = browserZone;
  }, [browserZone, initial.timeZone]);
  // The browser may name its zone by a newer name than the server's list (Asia/Kolkata, Europe/Kyiv).
  const zones = browserZone && !timeZones.includes(browserZone) ? [...timeZones, browserZone].sort() : timeZones;
  return (
    <>
      <SelectField label="Currency" name="currency" defaultValue={values.currency ?? initial.currency} error={errors.currency} options={CURRENCY_CHOICES} />
      <SelectField
        ref={timeZone}
        label="Time zone"
        name="timeZone"
        defaultValue={values.timeZone ?? initial.timeZone}
        error={errors.timeZone}
        options={zones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }))}
      />
      <SelectField
        label="Language and region"
        name="locale"
        defaultValue={values.locale ?? initial.locale}
        error={errors.locale}
        hint="How dates and amounts are written, for example 31/12/2026 or 12/31/2026."
        options={LOCALE_CHOICES}
      />
    </>
  );
}
