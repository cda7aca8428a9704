import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const titles: Record<number, string> = {
  400: "That request could not be understood",
  403: "You do not have access to this",
  404: "Page not found",
  409: "That conflicts with the current state",
  413: "That upload is too large",
  429: "Too many attempts",
  503: "Service temporarily unavailable",
};

/** Renders an error where the failing route would have rendered, so the surrounding shell stays. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  let status = 500;
  let detail = "Something went wrong on our side. It has been logged; please try again.";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const data = error.data as { message?: string } | string | null;
    detail = typeof data === "string" ? data : data?.message ?? error.statusText;
  }
  const title = titles[status] ?? (status >= 500 ? "Something went wrong" : "Request failed");
  return (
    <section aria-labelledby="error-title" className="card mx-auto my-8 max-w-xl">
      <p className="text-sm font-semibold text-slate-500">Error {status}</p>
      <h1 id="error-title" className="mt-1 text-xl font-bold">
        {title}
      </h1>
      <p className="mt-2 text-slate-700">{detail}</p>
      <p className="mt-4">
        <Link to="/app" className="link">
          Go to your organisations
        </Link>
      </p>
    </section>
  );
}
