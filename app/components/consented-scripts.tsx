import { useEffect, useRef } from "react";
import type { ConsentedScript } from "~/modules/privacy/consent-rules.server";

/** A value for inline JavaScript: JSON, with "<" escaped so it can never close the script element. */
function jsValue(value: string): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function GoogleAnalytics({ id, nonce, vendorScript }: { id: string; nonce: string; vendorScript: boolean }) {
  const setup = vendorScript
    ? `window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());gtag('config',${jsValue(id)});`
    : "window.dataLayer=window.dataLayer||[];";
  return (
    <>
      <script nonce={nonce} data-consent-category="analytics" data-measurement-id={id} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: setup }} />
      {vendorScript ? (
        <script async nonce={nonce} data-consent-category="analytics" src={`https://www.googletagmanager.com/gtag/js?id=${encodeURIComponent(id)}`} suppressHydrationWarning />
      ) : null}
    </>
  );
}

function MetaPixel({ id, nonce, vendorScript }: { id: string; nonce: string; vendorScript: boolean }) {
  const queue =
    "!function(w){if(w.fbq)return;var n=w.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!w._fbq)w._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[]}(window);";
  const setup = vendorScript ? `${queue}fbq('init',${jsValue(id)});fbq('track','PageView');` : queue;
  return (
    <>
      <script nonce={nonce} data-consent-category="marketing" data-pixel-id={id} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: setup }} />
      {vendorScript ? <script async nonce={nonce} data-consent-category="marketing" src="https://connect.facebook.net/en_US/fbevents.js" suppressHydrationWarning /> : null}
    </>
  );
}

/**
 * The analytics and marketing scripts the stored consent allows, rendered by the server (the list comes from
 * scriptsForConsent in the root loader; nothing here decides). Outside production each is an inline stub, so no
 * test and no default run touches the network; in production the vendor's script is loaded too.
 *
 * A script that already ran cannot be unloaded, and React does not run scripts it inserts: when the allowed
 * scripts change during client-side navigation (another site's pages, a choice made in another tab), the page
 * is loaded again so that exactly what the server rendered is what runs.
 */
export function ConsentedScripts({ scripts, vendorScripts, nonce }: { scripts: ConsentedScript[]; vendorScripts: boolean; nonce: string }) {
  const key = scripts.map((script) => `${script.vendor}:${script.id}`).join("|");
  const loadedKey = useRef(key);
  useEffect(() => {
    if (key !== loadedKey.current) window.location.reload();
  }, [key]);
  return (
    <>
      {scripts.map((script) =>
        script.vendor === "google-analytics" ? (
          <GoogleAnalytics key={`${script.vendor}:${script.id}`} id={script.id} nonce={nonce} vendorScript={vendorScripts} />
        ) : (
          <MetaPixel key={`${script.vendor}:${script.id}`} id={script.id} nonce={nonce} vendorScript={vendorScripts} />
        ),
      )}
    </>
  );
}
