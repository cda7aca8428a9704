// Imported first by the server's entry points. React (and Remix) choose their development or production build when
// they are first loaded, which the static imports of a module do before any of its own code runs: setting NODE_ENV
// in the server's body came too late, and `npm start` served React's development build.
import { createRequire } from "node:module";
import { sep as pathSeparator } from "node:path";

process.env.NODE_ENV ??= "production";

/** Which build of React this process loaded ("none" before anything imported it). */
export function loadedReactBuild(): "production" | "development" | "none" {
  // Node's ESM loader enters the files a CommonJS module may re-export into the cache without running them:
  // only a module that ran (loaded) counts.
  const ran = Object.values(createRequire(import.meta.url).cache).filter((module) => module?.loaded);
  const loaded = (build: string) => ran.some((module) => module!.filename.endsWith(`${pathSeparator}react${pathSeparator}cjs${pathSeparator}react.${build}.js`));
  if (loaded("development")) return "development";
  if (loaded("production.min")) return "production";
  return "none";
}
