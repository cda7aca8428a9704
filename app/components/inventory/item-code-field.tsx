import type { KeyboardEvent } from "react";
import { TextField } from "~/components/forms";

/**
 * The item of a stock form, by SKU or barcode: typed, or scanned by a keyboard-wedge scanner, which types the
 * code and presses Enter. With JavaScript, that Enter moves on to the next field instead of sending a half-filled
 * form; without it, the form is sent and comes back with what is still missing, the code kept.
 */
export function ItemCodeField({
  name = "item",
  label = "Item",
  defaultValue,
  error,
  hint,
}: {
  name?: string;
  label?: string;
  defaultValue?: string;
  error?: string;
  hint?: string;
}) {
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter" || !event.currentTarget.value.trim()) return;
    const form = event.currentTarget.form;
    if (!form) return;
    const controls = Array.from(form.elements).filter(
      (element): element is HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement =>
        (element instanceof HTMLInputElement && element.type !== "hidden") || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement,
    );
    const next = controls[controls.indexOf(event.currentTarget) + 1];
    if (!next) return;
    event.preventDefault();
    next.focus();
  };
  return (
    <TextField
      label={label}
      name={name}
      defaultValue={defaultValue}
      error={error}
      autoComplete="off"
      spellCheck={false}
      maxLength={64}
      onKeyDown={onKeyDown}
      hint={hint ?? "The SKU or barcode: type it or scan it."}
    />
  );
}
