import { redirect } from "@remix-run/node";

/** The editor of Folio's notice moved to /folio/privacy-notice; bookmarks and links to the old address follow it. */
export const loader = () => redirect("/folio/privacy-notice", 301);

/** 308 keeps the method and the body of a form posted to the old address. */
export const action = () => redirect("/folio/privacy-notice", 308);
