import { createContext, useContext, type ReactNode } from "react";

const NonceContext = createContext<string>("");

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return <NonceContext.Provider value={value}>{children}</NonceContext.Provider>;
}

/** The per-request nonce the Content-Security-Policy allows inline scripts with. */
export function useNonce() {
  return useContext(NonceContext);
}
