import type { Writable } from "node:stream";
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { type AppLoadContext, createRequestHandler as createRemixRequestHandler, type ServerBuild } from "@remix-run/node";
import type express from "express";

/*
 * Remix's Express adapter, with one difference: a streamed body is written as fast as the client takes it.
 * @remix-run/express (2.17) writes each chunk of a response body without waiting when the socket's buffer is
 * full, so a large streamed download (a CSV export read page by page) would be read from the database at full
 * speed and pile up in memory in front of a slow client. Here a write that fills the buffer waits for 'drain'
 * before the next chunk is read, and a client that goes away cancels the body, which stops the reading.
 */

type Flushable = Writable & { flush?: () => void };

/** Writes `body` to `writable`, reading a chunk only once the last one fits; cancels the body when the writable closes first. */
export async function writeBody(body: ReadableStream<Uint8Array>, writable: Flushable): Promise<void> {
  const reader = body.getReader();
  let gone = false;
  let resume: (() => void) | null = null;
  const wake = () => {
    resume?.();
    resume = null;
  };
  const onClose = () => {
    gone = true;
    wake();
  };
  // One listener for the whole body rather than one per wait: the compression middleware hands 'drain'
  // listeners to its zlib stream but not their removal.
  writable.on("drain", wake);
  writable.once("close", onClose);
  try {
    while (!gone && !writable.destroyed) {
      const { done, value } = await reader.read();
      if (done) {
        writable.end();
        return;
      }
      const fits = writable.write(value);
      writable.flush?.();
      if (!fits && !gone) await new Promise<void>((resolve) => (resume = resolve));
    }
    await reader.cancel();
  } catch (error) {
    writable.destroy(error as Error);
    await reader.cancel(error).catch(() => undefined);
    throw error;
  } finally {
    writable.off("drain", wake);
    writable.off("close", onClose);
  }
}

async function sendResponse(res: express.Response, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (response.body) await writeBody(response.body, res);
  else res.end();
}

/** The Express request handler that serves the Remix build (the same options as @remix-run/express's). */
export function createRequestHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild;
  mode?: string;
  getLoadContext?: (req: express.Request, res: express.Response) => AppLoadContext | Promise<AppLoadContext>;
}): express.RequestHandler {
  const handle = createRemixRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const request = createRemixRequest(req, res);
      const response = await handle(request, await getLoadContext?.(req, res));
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}
