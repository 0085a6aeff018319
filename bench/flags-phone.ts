// The review page on a throttled phone, in a real browser against the built app: the
// JavaScript it loads (gzip -9 of every script the document fetched) and its time to
// interactive, beside the /flags dashboard page measured the same way in the same run.
// Chromium (Pixel 7 viewport) with DevTools' "Slow 4G" preset over CDP
// (Network.emulateNetworkConditions: 562.5 ms latency, 1.6 Mbps down, 750 kbps up, both
// at DevTools' 90 %) and Emulation.setCPUThrottlingRate 4. Each sample is a new browser
// context (an empty cache, the session cookie kept), pages alternated.
// Interactive = navigation start until the page's first action button is enabled (polled
// every 100 ms): the buttons are disabled in the server HTML and until React hydrates them.
import { gzipSync } from "node:zlib";
import { chromium, devices, type Browser, type BrowserContext } from "@playwright/test";
import { chromiumPath } from "../e2e/support/settings.ts";
import { startWarden } from "../e2e/support/warden-process.ts";
import { ratio } from "./flags-stats.ts";

type Target = { name: string; path: string; ready: string };
type Sample = { tti: number; scripts: string[] };

const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1024 * 1024) / 8) * 0.9, uploadThroughput: ((750 * 1024) / 8) * 0.9 };
const CPU_SLOWDOWN = 4;

/** Runs after the bench closed its database: the server opens it (`env` names it). */
export async function measurePhonePages(options: { env: Record<string, string>; token: string; batchId: string; port: number; samples: number }): Promise<string[]> {
  const targets: Target[] = [
    { name: "review page", path: `/review/${options.batchId}`, ready: "[data-testid=choose-clear]" },
    // The dashboard's phone Menu button waits for hydration in the same way.
    { name: "/flags (baseline)", path: "/flags", ready: "button[aria-controls=site-menu]" },
  ];
  const warden = await startWarden(options.port, options.env);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  try {
    const session = await logIn(browser, warden.url, options.token);
    const samples = new Map<string, Sample[]>(targets.map((target) => [target.name, []]));
    for (let i = 0; i < options.samples; i++) {
      // Alternate which page goes first, so neither always meets a warmer server.
      for (const target of i % 2 ? [...targets].reverse() : targets) samples.get(target.name)!.push(await sample(browser, session, warden.url, target));
    }
    const rows = await Promise.all(targets.map(async (target) => ({ target, kb: await scriptKb(warden.url, samples.get(target.name)![0]!.scripts), ttis: samples.get(target.name)!.map((s) => s.tti) })));
    const [review, baseline] = rows;
    return [
      `phone profile (Pixel 7, Slow 4G, CPU ${CPU_SLOWDOWN}x slower), ${options.samples} samples per page, empty cache each:`,
      ...rows.map(({ target, kb, ttis }) => `  ${target.name.padEnd(20)} JS ${kb.total.toFixed(1).padStart(6)} KB gzip (${kb.count} scripts)   interactive median ${(median(ttis) / 1000).toFixed(2)} s (${(Math.min(...ttis) / 1000).toFixed(2)}-${(Math.max(...ttis) / 1000).toFixed(2)} s)`),
      `  review vs /flags: JS ${ratio(baseline!.kb.total, review!.kb.total, "size")}, interactive ${ratio(median(baseline!.ttis), median(review!.ttis))}`,
    ];
  } finally {
    await browser.close();
    await warden.stop();
  }
}

async function logIn(browser: Browser, url: string, token: string) {
  const context = await browser.newContext({ ...devices["Pixel 7"] });
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.getByTestId("token-input").fill(token);
  await page.getByTestId("login-submit").click();
  await page.waitForURL((current) => !current.pathname.startsWith("/login"));
  const state = await context.storageState();
  await context.close();
  return state;
}

async function sample(browser: Browser, storageState: Awaited<ReturnType<BrowserContext["storageState"]>>, url: string, target: Target): Promise<Sample> {
  const context = await browser.newContext({ ...devices["Pixel 7"], storageState });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    const response = await page.goto(`${url}${target.path}`, { waitUntil: "commit" });
    if (response?.status() !== 200) throw new Error(`${target.path} answered ${response?.status()}`);
    // Polled from here every 100 ms, as performance.now() (navigation start = 0) the first
    // time the button is enabled: a MutationObserver set by an init script never fired here
    // (the earlier runs timed out at 120 s although the button was enabled within seconds).
    // The poll runs on the page's main thread, so it is answered once hydration yields.
    const deadline = Date.now() + 120_000;
    let tti: number | null = null;
    while ((tti = await page.evaluate((selector) => (document.querySelector<HTMLButtonElement>(selector)?.disabled === false ? performance.now() : null), target.ready).catch(() => null)) === null) {
      if (Date.now() > deadline) throw new Error(`${target.path}: not interactive within 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const scripts = await page.evaluate(() =>
      performance.getEntriesByType("resource").filter((entry) => (entry as PerformanceResourceTiming).initiatorType === "script").map((entry) => entry.name),
    );
    return { tti, scripts };
  } finally {
    await context.close();
  }
}

/** What a phone with an empty cache downloads: every script the page loaded, gzip -9. */
async function scriptKb(url: string, scripts: string[]): Promise<{ total: number; count: number }> {
  let bytes = 0;
  for (const script of new Set(scripts)) {
    const response = await fetch(new URL(new URL(script).pathname, url));
    if (!response.ok) throw new Error(`${script}: ${response.status}`);
    bytes += gzipSync(Buffer.from(await response.arrayBuffer()), { level: 9 }).length;
  }
  return { total: bytes / 1024, count: new Set(scripts).size };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
