import { json } from "@remix-run/node";

export function notFound(message = "This page does not exist."): Response {
  return json({ message }, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = "You do not have permission to do this."): Response {
  return json({ message }, { status: 403, statusText: "Forbidden" });
}
