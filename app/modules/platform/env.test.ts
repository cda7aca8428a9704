import { EnvError, parseEnv } from "./env.server";

describe("environment validation", () => {
  it("fills in defaults for an empty environment", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ APP_ENV: "development", PORT: 3000, DATA_DIR: "./data", JOBS: "on", TRUST_PROXY: false });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("names the variable in a one-line error", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/^Invalid environment variable PORT: /);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(() => parseEnv({ SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
    for (const bad of [{ PORT: "0" }, { APP_ENV: "staging" }, { APP_URL: "not a url" }]) {
      let message = "";
      try {
        parseEnv(bad);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain(Object.keys(bad)[0]);
      expect(message).not.toContain("\n");
    }
  });

  it("requires a session secret and https in production", () => {
    expect(() => parseEnv({ APP_ENV: "production", APP_URL: "https://folio.example" })).toThrow(/SESSION_SECRET: is required/);
    expect(() => parseEnv({ APP_ENV: "production", SESSION_SECRET: "x".repeat(40), APP_URL: "http://folio.example" })).toThrow(/APP_URL: must be https/);
    expect(parseEnv({ APP_ENV: "production", SESSION_SECRET: "x".repeat(40), APP_URL: "https://folio.example" }).APP_ENV).toBe("production");
  });

  it("points emailed links at the port actually served unless APP_URL says otherwise", () => {
    expect(parseEnv({}).APP_URL).toBe("http://localhost:3000");
    expect(parseEnv({ PORT: "4100" }).APP_URL).toBe("http://localhost:4100");
    expect(parseEnv({ PORT: "4100", APP_URL: "" }).APP_URL).toBe("http://localhost:4100");
    expect(parseEnv({ PORT: "4100", APP_URL: "https://folio.example/" }).APP_URL).toBe("https://folio.example");
    expect(() => parseEnv({ APP_ENV: "production", SESSION_SECRET: "x".repeat(40), PORT: "8080" })).toThrow(/APP_URL: is required when APP_ENV=production/);
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseEnv({ DATABASE_URL: "  " }).DATABASE_URL).toBeUndefined();
    expect(parseEnv({ DATABASE_URL: "postgres://u@h:5432/d" }).DATABASE_URL).toBe("postgres://u@h:5432/d");
  });
});
