import { Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useId } from "react";
import { CONSENT_CATEGORY_INFO, OPTIONAL_CONSENT_CATEGORIES } from "~/modules/privacy/consent-forms";
import type { PageConsent } from "~/modules/privacy/consent.server";
import type { ConsentCategory } from "~/modules/privacy/schema";
import { FOLIO_REGIONAL, formatDateTime, type Regional } from "~/utils/format";

/** "Accept all", "Reject all" and "Save my choices" look exactly alike: no choice is nudged. */
export const CONSENT_BUTTON = "btn border border-brand-700 bg-white text-brand-800 hover:bg-brand-50 min-w-[9rem]";
/** The same, smaller, for the banner's bar: still one class for every choice. */
const CONSENT_BAR_BUTTON = "btn border border-brand-700 bg-white text-brand-800 hover:bg-brand-50 min-w-[7rem] px-3 py-1.5";

/** The consent data of the page being rendered (the root loader's), or null outside it. */
export function usePageConsent(): PageConsent | null {
  const data = useRouteLoaderData("root") as { consent?: PageConsent } | undefined;
  return data?.consent ?? null;
}

/** The link to the current site's cookie settings, for every footer. */
export function CookieSettingsLink({ className = "link" }: { className?: string }) {
  const consent = usePageConsent();
  return (
    <Link to={consent?.cookieSettingsPath ?? "/cookies"} className={className} reloadDocument>
      Cookie settings
    </Link>
  );
}

/** The path and query of this page: where a choice returns to. */
export function useReturnTo(): string {
  const location = useLocation();
  return `${location.pathname}${location.search}`;
}

/** Hidden fields every consent form sends along with the choice. */
function ConsentFormContext({ site, returnTo }: { site: string; returnTo: string }) {
  return (
    <>
      <input type="hidden" name="site" value={site} />
      <input type="hidden" name="returnTo" value={returnTo} />
    </>
  );
}

/**
 * The optional categories as checkboxes, each described; `checked` is the visitor's own stored choice, never a
 * default (the banner ticks nothing).
 */
export function ConsentCategoryFields({ checked = [] }: { checked?: readonly ConsentCategory[] }) {
  const id = useId();
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold">Cookie categories</legend>
      <div className="text-sm">
        <p className="font-medium">
          {CONSENT_CATEGORY_INFO.necessary.label} <span className="font-normal text-slate-600">(always on)</span>
        </p>
        <p className="text-slate-600">{CONSENT_CATEGORY_INFO.necessary.description}</p>
      </div>
      {OPTIONAL_CONSENT_CATEGORIES.map((category) => (
        <div key={category} className="flex items-start gap-2 text-sm">
          <input
            id={`${id}-${category}`}
            type="checkbox"
            name="categories"
            value={category}
            defaultChecked={checked.includes(category)}
            aria-describedby={`${id}-${category}-description`}
            className="mt-1 h-4 w-4 rounded border-slate-300"
          />
          <div>
            <label htmlFor={`${id}-${category}`} className="font-medium">
              {CONSENT_CATEGORY_INFO[category].label}
            </label>
            <p id={`${id}-${category}-description`} className="text-slate-600">
              {CONSENT_CATEGORY_INFO[category].description}
            </p>
          </div>
        </div>
      ))}
    </fieldset>
  );
}

/** The three ways to answer, as plain form posts to /consent: they work without JavaScript. */
export function ConsentChoiceForms({
  consent,
  checked,
  saveLabel = "Save my choices",
  chooseInline,
  buttonClass = CONSENT_BUTTON,
}: {
  consent: PageConsent;
  checked?: readonly ConsentCategory[];
  saveLabel?: string;
  chooseInline?: boolean;
  buttonClass?: string;
}) {
  const returnTo = useReturnTo();
  const saveForm = (
    <form method="post" action="/consent" className="space-y-3">
      <ConsentFormContext site={consent.site} returnTo={returnTo} />
      <ConsentCategoryFields checked={checked} />
      <button type="submit" name="choice" value="save" className={buttonClass}>
        {saveLabel}
      </button>
    </form>
  );
  return (
    <div className="flex flex-wrap items-start gap-2">
      <form method="post" action="/consent" className="contents">
        <ConsentFormContext site={consent.site} returnTo={returnTo} />
        <button type="submit" name="choice" value="accept" className={buttonClass}>
          Accept all
        </button>
        <button type="submit" name="choice" value="reject" className={buttonClass}>
          Reject all
        </button>
      </form>
      {chooseInline ? (
        <div className="mt-4 basis-full">{saveForm}</div>
      ) : (
        <details className="open:basis-full">
          <summary className={`${buttonClass} cursor-pointer list-none`}>Choose</summary>
          <div className="mt-2 max-h-[50vh] overflow-y-auto rounded-md border border-slate-200 bg-slate-50 p-4">{saveForm}</div>
        </details>
      )}
    </div>
  );
}

/**
 * The cookie banner: shown on every page of a site until its visitor chooses for the current revision, except the
 * cookie settings page, which offers the same choice itself. A labelled, non-modal dialog, first in the tab order
 * and keyboard-operable, shown as a compact bar along the bottom of the window: it is the body's last flex item
 * (order-last) and sticky, so it pushes no content down and, once scrolled to the end, covers nothing.
 */
export function ConsentBanner({ consent }: { consent: PageConsent }) {
  const titleId = useId();
  const textId = useId();
  const owner = consent.siteName ?? "Folio";
  return (
    <section
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      aria-describedby={textId}
      className="sticky bottom-0 z-40 order-last border-t-2 border-brand-600 bg-white shadow-[0_-2px_8px_rgba(15,23,42,0.08)]"
    >
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
        <div className="min-w-0 flex-1 basis-80 text-sm text-slate-700">
          <h2 id={titleId} className="inline font-semibold text-slate-900">
            Cookies on {consent.siteName ? `${consent.siteName}'s pages` : "Folio"}
          </h2>
          <span aria-hidden="true">: </span>
          <span id={textId}>
            {owner} uses necessary cookies, and would use analytics and marketing cookies only if you allow them.{" "}
            <span className="hidden sm:inline">You can change your choice under &ldquo;Cookie settings&rdquo; at the bottom of every page.</span>
          </span>
        </div>
        <ConsentChoiceForms consent={consent} buttonClass={CONSENT_BAR_BUTTON} />
      </div>
    </section>
  );
}

/** After Global Privacy Control was honoured on this very page: a small note, no banner. */
export function GpcNotice({ consent }: { consent: PageConsent }) {
  return (
    <p className="border-b border-slate-200 bg-slate-100 px-4 py-2 text-center text-sm text-slate-700">
      Your browser&apos;s Global Privacy Control signal was honoured: analytics and marketing cookies stay off.{" "}
      <Link to={consent.cookieSettingsPath} className="link" reloadDocument>
        Change in cookie settings
      </Link>
    </p>
  );
}

/**
 * The visitor's current choice on this site, and the three ways to change or withdraw it. `regional` is the
 * site's: an organisation's locale and time zone on its pages, Folio's own elsewhere.
 */
export function CookiePreferences({ consent, regional = FOLIO_REGIONAL }: { consent: PageConsent; regional?: Regional }) {
  const owner = consent.siteName ?? "Folio";
  const allowed = (category: ConsentCategory) => consent.categories.includes(category);
  return (
    <div className="space-y-6">
      <section aria-labelledby="current-choice" className="card space-y-3">
        <h2 id="current-choice" className="text-lg font-semibold">
          Your current choice
        </h2>
        <p className="text-slate-700">
          {consent.method === null
            ? `You have not chosen yet${consent.revision > 1 ? ", or " + owner + " changed what it uses cookies for and asks again" : ""}: only necessary cookies are used.`
            : consent.method === "gpc"
              ? "Your browser sends the Global Privacy Control signal, which counts as a refusal of analytics and marketing cookies. You can still allow them below."
              : consent.method === "accept"
                ? "You accepted all cookies."
                : consent.method === "reject"
                  ? "You rejected all optional cookies."
                  : "You chose which cookies to allow."}
          {consent.decidedAt ? ` Recorded ${formatDateTime(consent.decidedAt, regional)} (${regional.timeZone} time).` : null}
        </p>
        <ul className="space-y-1 text-sm">
          {(["necessary", ...OPTIONAL_CONSENT_CATEGORIES] as const).map((category) => (
            <li key={category}>
              <span className="font-medium">{CONSENT_CATEGORY_INFO[category].label}:</span>{" "}
              {category === "necessary" ? "always on" : allowed(category) ? "allowed" : "not allowed"}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="change-choice" className="card space-y-3">
        <h2 id="change-choice" className="text-lg font-semibold">
          Change or withdraw your choice
        </h2>
        <p className="text-sm text-slate-700">
          A change takes effect on the next page: scripts you no longer allow are not loaded and their cookies are deleted.
          Every choice is recorded, with its time, so that {owner} can show what you agreed to.
        </p>
        <ConsentChoiceForms consent={consent} checked={consent.method === null ? [] : consent.categories} chooseInline />
      </section>
    </div>
  );
}
