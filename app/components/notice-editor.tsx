import { Form, useNavigation } from "@remix-run/react";
import { CheckboxField, DateField, FormError, TextAreaField } from "~/components/forms";
import { MarkdownContent } from "~/components/markdown";
import { NOTICE_MAX_LENGTH } from "~/modules/privacy/notice-forms";
import type { FormFailure } from "~/utils/forms";

export interface NoticeEditorActionData extends Partial<FormFailure> {
  preview?: string;
}

/**
 * The Markdown editor of a privacy notice: text, dates, "material change", a preview rendered (and sanitised) by
 * the server exactly as the public page will show it, and publication of a new version.
 */
export function NoticeEditor({
  initial,
  actionData,
  audience,
  locale,
}: {
  initial: { bodyMarkdown: string; lastUpdated: string; effectiveDate: string };
  actionData: NoticeEditorActionData | undefined;
  /** Who a material change mails, for the checkbox's explanation. */
  audience: string;
  /** The publisher's locale, which the dates are shown and typed in. */
  locale: string;
}) {
  const navigation = useNavigation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  const busy = navigation.state === "submitting";
  return (
    <Form method="post" className="space-y-4" noValidate>
      <FormError message={actionData?.formError} />
      <TextAreaField
        label="Notice text (Markdown)"
        name="bodyMarkdown"
        rows={18}
        maxLength={NOTICE_MAX_LENGTH}
        defaultValue={values.bodyMarkdown ?? initial.bodyMarkdown}
        error={errors.bodyMarkdown}
        hint="Headings (##), lists, **bold**, *italics*, links and quotes. HTML, scripts and images are removed when the notice is shown."
        required
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <DateField label="Last updated" name="lastUpdated" locale={locale} defaultValue={values.lastUpdated ?? initial.lastUpdated} error={errors.lastUpdated} required />
        <DateField
          label="Effective date"
          name="effectiveDate"
          locale={locale}
          defaultValue={values.effectiveDate ?? initial.effectiveDate}
          error={errors.effectiveDate}
          hint="Not before the last updated date."
          required
        />
      </div>
      <CheckboxField
        name="material"
        defaultChecked={values.material === "on"}
        error={errors.material}
        label={`Material change: email ${audience} and ask each to acknowledge it at their next login once it is in effect`}
      />
      <div className="flex flex-wrap gap-3">
        <button type="submit" name="intent" value="preview" className="btn-secondary" disabled={busy}>
          Preview
        </button>
        <button type="submit" name="intent" value="publish" className="btn-primary" disabled={busy}>
          Publish new version
        </button>
      </div>
      {actionData?.preview !== undefined ? (
        <section aria-labelledby="preview-heading" className="rounded-md border border-dashed border-slate-300 p-4">
          <h2 id="preview-heading" className="mb-2 text-sm font-semibold uppercase text-slate-500">
            Preview
          </h2>
          <MarkdownContent html={actionData.preview} />
        </section>
      ) : null}
    </Form>
  );
}
