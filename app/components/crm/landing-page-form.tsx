import { Form, useNavigation } from "@remix-run/react";
import { CheckboxField, FormError, TextAreaField, TextField } from "~/components/forms";
import { LANDING_FIELD_LABELS, LANDING_LIMITS } from "~/modules/crm/forms";
import { LANDING_FIELDS } from "~/modules/crm/schema";
import type { FormFailure } from "~/utils/forms";

export interface LandingPageFormValues {
  title: string;
  slug: string;
  bodyMarkdown: string;
  fields: string[];
  marketingConsentEnabled: boolean;
  marketingConsentWording: string;
  notificationEmail: string;
  isPublished: boolean;
}

/** A landing page's settings. After a refused save, what was entered comes back with an error beside each field. */
export function LandingPageForm({
  initial,
  actionData,
  organisationSlug,
  submitLabel,
}: {
  initial: LandingPageFormValues;
  actionData: FormFailure | undefined;
  organisationSlug: string;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const errors = actionData?.errors ?? {};
  const entered = actionData?.values;
  // Checkboxes post nothing when unticked: after a refused save, absent means unticked.
  const checked = (name: "marketingConsentEnabled" | "isPublished") => (entered ? entered[name] === "on" : initial[name]);
  const fields = entered ? (entered.fieldsList ?? "").split(",") : initial.fields;
  return (
    <Form method="post" className="space-y-4" noValidate>
      <FormError message={actionData?.formError} />
      <TextField label="Title" name="title" maxLength={LANDING_LIMITS.title} defaultValue={entered?.title ?? initial.title} error={errors.title} required />
      <TextField
        label="Address"
        name="slug"
        maxLength={LANDING_LIMITS.slug}
        defaultValue={entered?.slug ?? initial.slug}
        error={errors.slug}
        hint={`The page is published at /p/${organisationSlug}/<address>. Lower-case letters, digits and hyphens.`}
        required
      />
      <TextAreaField
        label="Text (Markdown)"
        name="bodyMarkdown"
        rows={10}
        maxLength={LANDING_LIMITS.body}
        defaultValue={entered?.bodyMarkdown ?? initial.bodyMarkdown}
        error={errors.bodyMarkdown}
        hint="Headings (##), lists, **bold**, *italics* and links. HTML, scripts and images are removed when the page is shown."
      />
      <fieldset className="space-y-2" aria-invalid={errors.fields ? true : undefined} aria-describedby={errors.fields ? "fields-error" : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-700">Fields to ask</legend>
        {LANDING_FIELDS.map((field) =>
          field === "email" ? (
            <CheckboxField key={field} name="fields" value="email" checked disabled readOnly label="Email (always asked)" />
          ) : (
            <CheckboxField key={field} name="fields" value={field} defaultChecked={fields.includes(field)} label={LANDING_FIELD_LABELS[field]} />
          ),
        )}
        {errors.fields ? (
          <p id="fields-error" className="text-sm text-red-700">
            {errors.fields}
          </p>
        ) : null}
      </fieldset>
      <CheckboxField
        name="marketingConsentEnabled"
        defaultChecked={checked("marketingConsentEnabled")}
        error={errors.marketingConsentEnabled}
        label="Offer a checkbox to agree to marketing email"
      />
      <TextAreaField
        label="Marketing consent wording"
        name="marketingConsentWording"
        rows={2}
        maxLength={LANDING_LIMITS.consentWording}
        defaultValue={entered?.marketingConsentWording ?? initial.marketingConsentWording}
        error={errors.marketingConsentWording}
        hint="Shown beside the checkbox, and kept with each lead who ticks it."
      />
      <TextField
        label="Notify this address of new leads"
        name="notificationEmail"
        type="email"
        maxLength={LANDING_LIMITS.email}
        defaultValue={entered?.notificationEmail ?? initial.notificationEmail}
        error={errors.notificationEmail}
        required
      />
      <CheckboxField name="isPublished" defaultChecked={checked("isPublished")} error={errors.isPublished} label="Published (visible to anyone with the address)" />
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}
