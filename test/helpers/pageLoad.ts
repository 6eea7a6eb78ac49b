/**
 * What a visit to the game's page costs, measured by Chromium itself: bytes received per request
 * (CDP `Network.loadingFinished` `encodedDataLength`: headers and body as they crossed the wire, 0
 * when served from the browser's cache) and the time to the lobby's first drawn frame.
 */
import type { BrowserContext, Page } from "playwright-core";

export interface LoadedRequest {
  url: string;
  /** CDP resource type: Document, Script, Stylesheet, Fetch, XHR, ... */
  type: string;
  /** Status the page saw (a response revalidated by a 304 shows as the cached 200). */
  status: number;
  /** Status on the wire (304 for a revalidation), 0 when the server was not asked. */
  wireStatus: number;
  /** Content-Encoding of the response ("" for identity). */
  encoding: string;
  /** Bytes received for it (headers included); 0 when the browser's cache answered. */
  bytes: number;
  /** Answered by the browser's cache without asking the server. */
  fromCache: boolean;
}

export interface PageLoad {
  page: Page;
  /** Every HTTP request that finished before the measurement ended (WebSocket frames are not counted). */
  requests: LoadedRequest[];
  /** Sum of `bytes` over `requests`. */
  transferredBytes: number;
  /**
   * Time to the first drawn frame: from navigation start to the first animation frame that begins
   * after the Lobby scene started (that scene's first frame, canvas and lobby panel, has been
   * presented by then; one frame of resolution).
   */
  firstFrameMs: number;
  /** The browser's own first-contentful-paint (Paint Timing), from navigation start. */
  firstContentfulPaintMs: number | undefined;
  /** Uncaught page errors and console errors, from navigation on (the array keeps filling while the page lives). */
  errors: string[];
}

/** Emulated link for a visit (CDP Network.emulateNetworkConditions; HTTP only). */
export interface Link {
  latencyMs: number;
  downloadKbitPerS: number;
  uploadKbitPerS: number;
}

const FIRST_FRAME_SCRIPT = `(() => {
  const tick = () => {
    if (window.__orbArena && window.__orbArena.screen === "lobby") {
      window.__firstFrameMs = performance.now();
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/**
 * Opens `url` in a new page of `context` and waits (bounded) for the lobby's first frame and the
 * page's load event. A fresh context is a first visit; another page in the same context is a
 * return visit, with whatever the first one left in the browser's cache.
 */
export async function visitLobby(context: BrowserContext, url: string, opts: { link?: Link; timeoutMs?: number } = {}): Promise<PageLoad> {
  const timeout = opts.timeoutMs ?? 20_000;
  const page = await context.newPage();
  // tsx compiles with keepNames, which wraps functions passed to the page in a missing `__name` helper.
  await page.addInitScript("globalThis.__name = (fn) => fn");
  await page.addInitScript(FIRST_FRAME_SCRIPT);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  const cdp = await context.newCDPSession(page);
  const seen = new Map<string, LoadedRequest & { done: boolean }>();
  const entry = (id: string) => {
    let r = seen.get(id);
    if (!r) {
      r = { url: "", type: "", status: 0, wireStatus: 0, encoding: "", bytes: 0, fromCache: false, done: false };
      seen.set(id, r);
    }
    return r;
  };
  cdp.on("Network.requestWillBeSent", (e) => {
    const r = entry(e.requestId);
    r.url = e.request.url;
    r.type = e.type ?? "";
  });
  cdp.on("Network.requestServedFromCache", (e) => {
    entry(e.requestId).fromCache = true;
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = entry(e.requestId);
    r.status = e.response.status;
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    r.encoding = headers["content-encoding"] ?? "";
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) r.fromCache = true;
  });
  cdp.on("Network.responseReceivedExtraInfo", (e) => {
    entry(e.requestId).wireStatus = e.statusCode;
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = entry(e.requestId);
    r.bytes = e.encodedDataLength;
    r.done = true;
  });
  await cdp.send("Network.enable");
  if (opts.link) {
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: opts.link.latencyMs,
      downloadThroughput: (opts.link.downloadKbitPerS * 1000) / 8,
      uploadThroughput: (opts.link.uploadKbitPerS * 1000) / 8,
    });
  }

  await page.goto(url, { timeout, waitUntil: "load" });
  await page.waitForFunction(() => (window as unknown as { __firstFrameMs?: number }).__firstFrameMs !== undefined, null, { timeout });
  const timing = await page.evaluate(() => ({
    firstFrameMs: (window as unknown as { __firstFrameMs: number }).__firstFrameMs,
    firstContentfulPaintMs: performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
  }));
  await cdp.detach();
  const requests = [...seen.values()].filter((r) => r.done).map(({ done: _, ...r }) => r);
  return {
    page,
    requests,
    transferredBytes: requests.reduce((sum, r) => sum + r.bytes, 0),
    firstFrameMs: timing.firstFrameMs,
    firstContentfulPaintMs: timing.firstContentfulPaintMs,
    errors,
  };
}
