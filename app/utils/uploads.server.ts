import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { AppError } from "~/modules/platform/errors";
import { MAX_IMPORT_BODY_BYTES } from "~/modules/platform/http-security.server";
import { normaliseFormData } from "./forms";

/*
 * A form with one uploaded file (an import), read in memory up to MAX_IMPORT_BODY_BYTES: the server lets only
 * an import page's multipart POST send that much (bodyLimitFor in app/modules/platform/http-security.server.ts);
 * this checks the same again for a request that did not come through it, and refuses a form that is not
 * multipart. The other fields are normalised as readFormData does.
 */

export interface UploadedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

export async function readFileUpload(request: Request, fileField: string): Promise<{ form: FormData; file: UploadedFile | null }> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "multipart/form-data") {
    throw new AppError("invalid", "Send the file from the import form (as multipart/form-data).", { field: fileField, reason: "not_multipart" });
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  const tooLarge = () => new AppError("invalid", `The file is too large: at most ${MAX_IMPORT_BODY_BYTES / (1024 * 1024)} MiB.`, { field: fileField, reason: "too_large" });
  if (declared > MAX_IMPORT_BODY_BYTES) throw tooLarge();
  let parsed: FormData;
  try {
    parsed = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BODY_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw tooLarge();
    throw new AppError("invalid", "The form could not be read. Please send it again from the page.", { field: fileField, reason: "unreadable_form" });
  }
  const value = parsed.get(fileField);
  const file =
    value && typeof value === "object" && "arrayBuffer" in value && value.size > 0
      ? { name: (value as File).name ?? "", type: value.type ?? "", bytes: new Uint8Array(await value.arrayBuffer()) }
      : null;
  const form = new FormData();
  for (const [key, entry] of parsed.entries()) if (typeof entry === "string") form.append(key, entry);
  return { form: normaliseFormData(form), file };
}
