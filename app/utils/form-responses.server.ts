import { json, type HeadersFunction } from "@remix-run/node";
import { type FormFailure, type FormValues, normaliseFormData } from "./forms";

/*
 * The responses of forms: what a route answers when a form is refused or throttled, and the reading of the
 * request's body. Parsing and validation (./forms) stay free of @remix-run, so modules may use them.
 */

/** 400 with the errors beside the fields and the entered values kept. */
export function badRequest(failure: Partial<FormFailure> & { values: FormValues }) {
  return json<FormFailure>({ errors: failure.errors ?? {}, values: failure.values, formError: failure.formError }, { status: 400 });
}

export function formFailure(failure: Partial<FormFailure> & { values: FormValues }, status: number) {
  return json<FormFailure>({ errors: failure.errors ?? {}, values: failure.values, formError: failure.formError }, { status });
}

/** Retry-After's value: whole seconds until `retryAt`, at least one. */
export function retryAfterSeconds(retryAt: Date): string {
  return String(Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000)));
}

/** 429 for a throttled form: the message and the values kept, and Retry-After in seconds until `retryAt`. */
export function tooManyRequests(failure: Partial<FormFailure> & { values: FormValues }, retryAt: Date) {
  const response = formFailure(failure, 429);
  response.headers.set("Retry-After", retryAfterSeconds(retryAt));
  return response;
}

/**
 * The `headers` export of a route whose action may answer 429: Remix keeps only an action's cookies on the page
 * it renders, so without this a form posted without JavaScript would get its 429 without Retry-After.
 */
export const keepRetryAfter: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const headers = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

/**
 * The submitted form, normalised once at the edge: a body that cannot be read as a form is the sender's mistake
 * (400, never a 500); fields whose name holds a control character are dropped; control characters in values are
 * replaced by U+FFFD, so no code after this point can store them, and remembered, so parseForm refuses those
 * fields with a message beside them.
 */
export async function readFormData(request: Request): Promise<FormData> {
  let submitted: FormData;
  try {
    submitted = await request.formData();
  } catch {
    throw json({ message: "The form could not be read. Please send it again from the page." }, { status: 400, statusText: "Bad Request" });
  }
  return normaliseFormData(submitted);
}
