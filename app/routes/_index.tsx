import { Link } from "@remix-run/react";
import { PublicLayout } from "~/components/public-layout";
import { useRootData } from "~/root";

export default function Home() {
  const root = useRootData();
  return (
    <PublicLayout narrow={false}>
      <h1 className="text-3xl font-bold">Run your trading business on books you can trust</h1>
      <p className="mt-4 max-w-2xl text-lg text-slate-700">
        Folio keeps inventory, sales, purchasing and ledgers for wholesale businesses, with each organisation&apos;s data
        isolated by the database and a privacy center built in.
      </p>
      <div className="mt-8 flex gap-3">
        {root?.user ? (
          <Link to="/app" className="btn-primary">
            Open your organisations
          </Link>
        ) : (
          <>
            <Link to="/signup" className="btn-primary">
              Create an organisation
            </Link>
            <Link to="/login" className="btn-secondary">
              Log in
            </Link>
          </>
        )}
      </div>
    </PublicLayout>
  );
}
