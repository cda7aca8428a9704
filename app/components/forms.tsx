import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { IDEMPOTENCY_FIELD } from "~/modules/tenancy/forms";
import { dateEntryText, datePattern } from "~/utils/date-entry";
import type { IgnoredParameter } from "~/utils/forms";

interface FieldIds {
  controlId: string;
  hintId: string;
  errorId: string;
  /** What aria-describedby should name: the hint and the error that are shown. */
  describedBy: string | undefined;
}

/** Ids linking a control to its label, hint and error, so every field announces the same way. */
function useFieldIds(name: string, id: string | undefined, hint: ReactNode, error: string | undefined): FieldIds {
  const generated = useId();
  const controlId = id ?? `${name}-${generated}`;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return { controlId, hintId, errorId, describedBy };
}

/** A stacked field: its label, the control, then the hint and the error beside it. */
function StackedField({ ids, label, hint, error, className, children }: { ids: FieldIds; label: string; hint?: ReactNode; error?: string; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={ids.controlId} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={ids.hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldErrorText id={ids.errorId} error={error} />
    </div>
  );
}

function FieldErrorText({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {error}
    </p>
  );
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
}

/** A labelled input with its error announced beside it and linked by aria-describedby. */
export function TextField({ label, name, error, hint, id, className, ...input }: FieldProps) {
  const ids = useFieldIds(name, id, hint, error);
  return (
    <StackedField ids={ids} label={label} hint={hint} error={error} className={className}>
      <input id={ids.controlId} name={name} className="input" aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...input} />
    </StackedField>
  );
}

interface DateFieldProps extends Omit<FieldProps, "type" | "defaultValue" | "value"> {
  /** YYYY-MM-DD, or what was typed when it could not be read. */
  defaultValue?: string | null;
  /** The organisation's locale: the pattern the date is shown and typed in. */
  locale: string;
}

/**
 * A date typed in the organisation's pattern (31/12/2026, 12/31/2026, 31.12.2026 ...), which the server reads
 * back at the edge (datesToIso). Not <input type="date">: that follows the browser's locale, not the
 * organisation's.
 */
export function DateField({ locale, defaultValue, hint, ...field }: DateFieldProps) {
  const pattern = datePattern(locale);
  const text = dateEntryText(defaultValue, locale);
  return (
    // Keyed by its value: after a filter is submitted, the field shows the date as read (1/3/2026 becomes 01/03/2026).
    <TextField
      key={text}
      {...field}
      type="text"
      autoComplete="off"
      spellCheck={false}
      maxLength={20}
      defaultValue={text}
      hint={hint ? <>{pattern.hint}. {hint}</> : pattern.hint}
    />
  );
}

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  options: ReadonlyArray<{ value: string; label: string }>;
}

export const SelectField = forwardRef<HTMLSelectElement, SelectProps>(function SelectField({ label, name, error, hint, options, id, className, ...select }, ref) {
  const ids = useFieldIds(name, id, hint, error);
  return (
    <StackedField ids={ids} label={label} hint={hint} error={error} className={className}>
      <select ref={ref} id={ids.controlId} name={name} className="input" aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </StackedField>
  );
});

export function CheckboxField({ label, name, error, id, ...input }: Omit<FieldProps, "label"> & { label: ReactNode }) {
  const ids = useFieldIds(name, id, undefined, error);
  return (
    <div>
      <div className="flex items-start gap-2">
        <input
          id={ids.controlId}
          name={name}
          type="checkbox"
          className="mt-1 h-4 w-4 rounded border-slate-300"
          aria-invalid={error ? true : undefined}
          aria-describedby={ids.describedBy}
          {...input}
        />
        <label htmlFor={ids.controlId} className="text-sm text-slate-700">
          {label}
        </label>
      </div>
      <FieldErrorText id={ids.errorId} error={error} />
    </div>
  );
}

/** The idempotency token of a form that posts a document, made by the loader when the form is rendered. */
export function IdempotencyField({ token }: { token: string }) {
  return <input type="hidden" name={IDEMPOTENCY_FIELD} value={token} />;
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {message}
    </div>
  );
}

interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
}

export function TextAreaField({ label, name, error, hint, id, className, ...textarea }: TextAreaProps) {
  const ids = useFieldIds(name, id, hint, error);
  return (
    <StackedField ids={ids} label={label} hint={hint} error={error} className={className}>
      <textarea id={ids.controlId} name={name} className="input min-h-[6rem]" aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...textarea} />
    </StackedField>
  );
}

/** Says which of the address's parameters a page left out (see readQuery), so a filter never fails silently. */
export function IgnoredParametersNotice({ ignored }: { ignored: ReadonlyArray<IgnoredParameter> }) {
  if (ignored.length === 0) return null;
  return (
    <div role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
      <p>{ignored.length === 1 ? "A filter in the address was ignored:" : "Some filters in the address were ignored:"}</p>
      <ul className="mt-1 list-disc pl-5">
        {ignored.map((parameter) => (
          <li key={parameter.name}>
            <span className="font-medium">{parameter.name}</span>: {parameter.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
