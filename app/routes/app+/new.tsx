import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/forms";
import { PublicLayout } from "~/components/public-layout";
import { RegionalFields } from "~/components/regional-fields";
import { requireUser } from "~/modules/identity/session.server";
import { newOrganisationSchema } from "~/modules/tenancy/forms";
import { createOrganisationForUser } from "~/workflows/create-organisation.server";
import { allTimeZones, regionalDefaults } from "~/modules/tenancy/regional";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "New organisation · Folio" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json({ timeZones: allTimeZones(), defaults: regionalDefaults(request.headers.get("accept-language")) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const parsed = parseForm(newOrganisationSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  const { organisation } = await createOrganisationForUser({ ...parsed.data, ownerUserId: user.id }, requestMeta(request));
  return redirectWithFlash(`/app/${organisation.slug}`, { kind: "success", message: `${organisation.name} is ready.` });
}

export default function NewOrganisation() {
  const { timeZones, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  return (
    <PublicLayout>
      <h1 className="text-2xl font-bold">Create an organisation</h1>
      <Form method="post" className="card mt-6 space-y-4" noValidate>
        <TextField label="Organisation name" name="name" defaultValue={values.name} error={errors.name} required />
        <RegionalFields values={values} errors={errors} initial={defaults} timeZones={timeZones} guessTimeZone={!actionData} />
        <button type="submit" className="btn-primary w-full">
          Create organisation
        </button>
      </Form>
    </PublicLayout>
  );
}
