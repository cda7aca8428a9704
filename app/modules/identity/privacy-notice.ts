/** The version of Folio's privacy notice a new account accepts; versioned notices replace this constant. */
export const CURRENT_PRIVACY_NOTICE_VERSION = "2026-11-01";
