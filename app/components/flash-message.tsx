import type { Flash } from "~/utils/flash.server";

const styles: Record<Flash["kind"], string> = {
  success: "border-green-200 bg-green-50 text-green-900",
  error: "border-red-200 bg-red-50 text-red-900",
  info: "border-sky-200 bg-sky-50 text-sky-900",
};

export function FlashMessage({ flash }: { flash: Flash | null }) {
  if (!flash) return null;
  return (
    <div role="status" className={`mb-4 rounded-md border p-3 text-sm ${styles[flash.kind]}`}>
      {flash.message}
    </div>
  );
}
