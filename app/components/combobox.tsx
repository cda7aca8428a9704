import { useEffect, useId, useRef, useState } from "react";

export interface ComboboxOption {
  id: string;
  name: string;
  /** Shown after the name in the list ("customer", "supplier"). */
  detail?: string;
}

/**
 * A text input that offers matches as one types, fetched from `source` (a resource route answering
 * `{ options: [{ id, name, kind? }] }` for `?q=`), following the ARIA combobox pattern: the input has role
 * combobox, the matches are a listbox whose active option the input names (aria-activedescendant); ArrowDown and
 * ArrowUp move through them, Enter picks one, Escape closes the list (and a second Escape clears the text).
 * The chosen id goes in a hidden input called `name`; the text in one called `textName`.
 *
 * Without JavaScript it is a plain text input: the form posts the typed name with the last chosen id, and the
 * server resolves a name that no longer matches (see resolvePartyNames), so the plain form post keeps working.
 */
export function Combobox({
  id,
  name,
  textName,
  source,
  initial,
  className = "input",
  invalid,
  describedBy,
  placeholder,
  disabled,
  onChange,
}: {
  id: string;
  name: string;
  textName: string;
  /** The search URL, with its fixed parameters (`/app/acme/parties/search?kind=customer`); `q` is added. */
  source: string;
  initial: { id: string; name: string };
  className?: string;
  invalid?: boolean;
  describedBy?: string;
  placeholder?: string;
  disabled?: boolean;
  onChange?: (choice: { id: string; name: string }) => void;
}) {
  const listId = useId();
  const [text, setText] = useState(initial.name);
  const [chosen, setChosen] = useState(initial);
  const [options, setOptions] = useState<ComboboxOption[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState("");
  const request = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      request.current?.abort();
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  function search(query: string) {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      request.current?.abort();
      const controller = new AbortController();
      request.current = controller;
      try {
        const url = `${source}${source.includes("?") ? "&" : "?"}q=${encodeURIComponent(query)}`;
        const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
        if (!response.ok) throw new Error(String(response.status));
        const body = (await response.json()) as { options: Array<{ id: string; name: string; kind?: string }> };
        const found = body.options.map((o) => ({ id: o.id, name: o.name, detail: o.kind }));
        setOptions(found);
        setActive(found.length ? 0 : -1);
        setOpen(true);
        setStatus(found.length === 0 ? "No matches." : found.length === 1 ? "1 match; press Enter to choose it." : `${found.length} matches; use the arrow keys to choose.`);
      } catch (error) {
        if ((error as Error).name !== "AbortError") setStatus("The search did not answer; try again.");
      }
    }, 150);
  }

  function choose(option: { id: string; name: string }) {
    setText(option.name);
    setChosen(option);
    setOpen(false);
    setActive(-1);
    setStatus(option.id ? `${option.name} chosen.` : "");
    onChange?.(option);
  }

  const optionId = (index: number) => `${listId}-option-${index}`;
  return (
    <div className="relative">
      <input type="hidden" name={name} value={chosen.id} />
      <input
        id={id}
        name={textName}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        maxLength={100}
        className={className}
        placeholder={placeholder}
        disabled={disabled}
        value={text}
        onChange={(event) => {
          const value = event.target.value;
          setText(value);
          // The typed text no longer names the chosen party: nothing is chosen until a match is picked.
          if (value.trim().toLowerCase() !== chosen.name.trim().toLowerCase()) {
            const cleared = { id: "", name: "" };
            setChosen(cleared);
            onChange?.(cleared);
          }
          search(value);
        }}
        onFocus={() => {
          if (!open && !chosen.id) search(text);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            if (!open) {
              search(text);
              return;
            }
            if (!options.length) return;
            const step = event.key === "ArrowDown" ? 1 : -1;
            setActive((current) => (current + step + options.length) % options.length);
          } else if (event.key === "Enter") {
            if (open && active >= 0 && options[active]) {
              event.preventDefault();
              choose(options[active]);
            }
          } else if (event.key === "Escape") {
            if (open) {
              event.preventDefault();
              setOpen(false);
            } else if (text) {
              event.preventDefault();
              choose({ id: "", name: "" });
            }
          }
        }}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Matches"
        hidden={!open || options.length === 0}
        className="absolute z-20 mt-1 max-h-64 w-full min-w-[14rem] overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
      >
        {options.map((option, index) => (
          <li
            key={option.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={`cursor-pointer px-3 py-1.5 ${index === active ? "bg-slate-100 text-slate-900" : "text-slate-700"}`}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(option);
            }}
            onMouseEnter={() => setActive(index)}
          >
            {option.name}
            {option.detail ? <span className="ml-2 text-xs text-slate-500">{option.detail}</span> : null}
          </li>
        ))}
      </ul>
      <p aria-live="polite" className="sr-only">
        {status}
      </p>
    </div>
  );
}
