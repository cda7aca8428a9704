import { defineDataMap, NOT_PERSONAL, personal, erase } from "./data-map";

/** The personal data of platform's tables. */
export const PLATFORM_DATA_MAP = defineDataMap("platform", "folio", [
  {
    table: "rate_limits",
    purpose: "throttling repeated attempts (sign-in, codes, public forms)",
    legalBasis: "legitimate interests",
    retention: "until the window ends (at most a day)",
    key: ["key"],
    columns: {
      // The key holds a hashed address or a truncated IP; it is not linked to a person and expires within a day.
      key: personal("online_identifier", "visitor", erase.delete),
      hits: NOT_PERSONAL,
      window_started_at: NOT_PERSONAL,
      blocked_until: NOT_PERSONAL,
    },
  },
  {
    table: "job_runs",
    purpose: "running scheduled jobs",
    legalBasis: "none",
    retention: "one row per job",
    key: ["name"],
    columns: { name: NOT_PERSONAL, last_started_at: NOT_PERSONAL, last_finished_at: NOT_PERSONAL, last_status: NOT_PERSONAL, last_error: NOT_PERSONAL },
  },
]);
