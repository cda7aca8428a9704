import { Form, Link } from "@remix-run/react";
import { FormError, TextAreaField, TextField } from "~/components/forms";
import { RIGHT_LABELS, STATE_LABELS } from "~/modules/privacy/rights-forms";
import { RIGHTS, type RequestState, type Right } from "~/modules/privacy/schema";
import type { FormFailure } from "~/utils/forms";

/*
 * The public rights pages' forms, shared by an organisation's pages (/o/:org/rights) and Folio's own (/rights):
 * the same request form, the same code form and status.
 */

export function RightsRequestForm({ failure, signedInEmail }: { failure?: FormFailure; signedInEmail: string | null }) {
  const values = failure?.values ?? {};
  const errors = failure?.errors ?? {};
  return (
    <Form method="post" className="card mt-6 max-w-2xl space-y-4" noValidate>
      {failure ? <FormError message={failure.formError ?? "Please correct the fields marked below."} /> : null}
      <fieldset>
        <legend className="font-medium">What do you want to do?</legend>
        {errors.right ? (
          <p className="text-sm text-red-700" id="right-error">
            {errors.right}
          </p>
        ) : null}
        <div className="mt-2 space-y-1">
          {RIGHTS.map((right) => (
            <label key={right} className="flex items-center gap-2">
              <input type="radio" name="right" value={right} defaultChecked={values.right === right} aria-describedby={errors.right ? "right-error" : undefined} />
              {RIGHT_LABELS[right]}
            </label>
          ))}
        </div>
      </fieldset>
      <TextField label="Email" name="email" type="email" autoComplete="email" maxLength={254} defaultValue={values.email ?? signedInEmail ?? undefined} error={errors.email} required />
      <TextField label="Name (optional)" name="name" autoComplete="name" maxLength={200} defaultValue={values.name} error={errors.name} />
      <TextField label="Phone (optional)" name="phone" type="tel" autoComplete="tel" maxLength={50} defaultValue={values.phone} error={errors.phone} />
      <TextAreaField
        label="Details (optional)"
        name="description"
        rows={4}
        maxLength={4000}
        hint="For a correction, say what is wrong and what is right."
        defaultValue={values.description}
        error={errors.description}
      />
      <button type="submit" className="btn-primary">
        Send the request
      </button>
    </Form>
  );
}

export interface RightsRequestStatus {
  id: string;
  reference: string;
  right: Right;
  state: RequestState;
  dueAt: string | null;
  packageExpiresAt: unknown;
}

export function RightsRequestStatusView({ status, data }: { status: RightsRequestStatus; data?: (FormFailure & { outcome?: undefined }) | { outcome: string } }) {
  const failure = data && !data.outcome ? (data as FormFailure) : undefined;
  return (
    <>
      {status.state === "unverified" ? (
        <section aria-labelledby="code-heading" className="card mt-6 max-w-xl space-y-4">
          <h2 id="code-heading" className="text-xl font-semibold">
            Enter the code we sent you
          </h2>
          <p className="text-slate-700">If the address you gave is yours, a 6-digit code is on its way to it. It is valid for 15 minutes.</p>
          {data?.outcome === "resent" ? <p role="status">We sent a new code.</p> : null}
          <Form method="post" className="space-y-4" noValidate>
            {failure?.formError ? <FormError message={failure.formError} /> : null}
            <TextField label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} error={failure?.errors?.code} required />
            <div className="flex gap-3">
              <button type="submit" name="intent" value="verify" className="btn-primary">
                Confirm
              </button>
              <button type="submit" name="intent" value="resend" className="btn-secondary">
                Send a new code
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <section aria-labelledby="status-heading" className="card mt-6 max-w-xl space-y-2" role="status">
          <h2 id="status-heading" className="text-xl font-semibold">
            {STATE_LABELS[status.state]}
          </h2>
          <p>
            Your reference: <strong>{status.reference}</strong>
          </p>
          {status.dueAt ? (
            <p>
              We will answer by <strong>{status.dueAt}</strong>. We write to you by email at every step.
            </p>
          ) : null}
          {status.packageExpiresAt ? (
            <p>
              <Link to="package" className="link">
                Download your data
              </Link>
            </p>
          ) : null}
        </section>
      )}
    </>
  );
}
