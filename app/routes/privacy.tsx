import type { MetaFunction } from "@remix-run/node";
import { PublicLayout } from "~/components/public-layout";
import { CURRENT_PRIVACY_NOTICE_VERSION } from "~/modules/identity/privacy-notice";

export const meta: MetaFunction = () => [{ title: "Privacy notice · Folio" }];

export default function PrivacyNotice() {
  return (
    <PublicLayout narrow={false}>
      <article className="prose max-w-3xl space-y-4">
        <h1 className="text-3xl font-bold">Folio privacy notice</h1>
        <p className="text-sm text-slate-600">Last updated {CURRENT_PRIVACY_NOTICE_VERSION}</p>
        <h2 className="text-xl font-semibold">Who we are and what we keep</h2>
        <p>
          Folio keeps the account data you give us (your name, email address and a hash of your password, never the
          password itself), the organisations you belong to and your role in each, and the records your organisation
          keeps in Folio: inventory, sales, purchasing and ledgers.
        </p>
        <h2 className="text-xl font-semibold">How your organisation&apos;s data is protected</h2>
        <p>
          Each organisation&apos;s data is isolated from every other by the database itself. Access inside an
          organisation follows roles; salesmen see only the customers assigned to them. Every change is recorded in an
          audit trail that cannot be edited.
        </p>
        <h2 className="text-xl font-semibold">Security</h2>
        <p>
          Passwords are hashed with argon2id. Repeated failed sign-ins lock an account for 15 minutes and we tell its
          owner by email. Sessions are kept on our servers and end when you log out.
        </p>
        <h2 className="text-xl font-semibold">Retention</h2>
        <p>
          Cancelled organisations are deleted 30 days after cancellation. Audit events are kept for 12 months. Backups
          are kept for up to 90 days.
        </p>
        <h2 className="text-xl font-semibold">Age</h2>
        <p>Folio is for people aged 18 or older. We do not knowingly keep data of anyone younger.</p>
      </article>
    </PublicLayout>
  );
}
