import { AtpAgent } from "@atproto/api";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startDevnet, type Devnet } from "../test/support/devnet-process";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN, E2E_PORT } from "./support/settings";
import { startWarden, type WardenProcess } from "./support/warden-process";

// The guided labeler setup in Settings, in a browser, against the reference PDS and PLC
// directory (@atproto/dev-env in a child process, as the network tests run it): a fresh
// account becomes Warden's labeler through the emailed token, and the status card then
// shows every doctor check passing. A Warden of its own: PUBLIC_URL and PLC_URL point
// at this network.
const PORT = E2E_PORT + 13;
const PASSWORD = "e2e-labeler-app-password";

test.use({ baseURL: `http://127.0.0.1:${PORT}` });
// The first run on a machine installs devnet/ (npm ci and a native build: minutes).
test.setTimeout(5 * 60_000);

let net: Devnet;
let warden: WardenProcess;
let handle: string;
let did: string;

test.beforeAll(async () => {
  test.setTimeout(15 * 60_000);
  net = await startDevnet();
  // The PDS reaches a labeler on localhost (not 127.0.0.1); loopback http is accepted for tests.
  warden = await startWarden(PORT, { ADMIN_TOKEN: E2E_ADMIN_TOKEN, PUBLIC_URL: `http://localhost:${PORT}`, PLC_URL: net.plcUrl });
  handle = `e2e${randomBytes(3).toString("hex")}.test`;
  const created = await new AtpAgent({ service: net.pdsUrl }).createAccount({ handle, email: `${handle}@example.com`, password: PASSWORD });
  did = created.data.did;
});

test.afterAll(async () => {
  expect(await warden?.stop()).toBe(0);
  await net?.close();
});

test("a fresh account becomes the labeler through the Settings setup; the status card then passes every check", async ({ page }) => {
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/labeler/setup") posts.push(request.postDataJSON().step);
  });
  await logIn(page, E2E_ADMIN_TOKEN, "/settings");
  const status = page.getByTestId("labeler-status");
  await expect(status).toContainText("check(s) failing");

  await page.getByTestId("labeler-setup-open").click();
  await page.getByTestId("setup-identifier").fill(handle);
  await page.getByTestId("setup-pds").fill(net.pdsUrl);
  await page.getByTestId("setup-password").fill("not-the-password");
  await page.getByTestId("setup-inspect").click();
  await expect(page.getByTestId("setup-error")).toContainText("Wrong identifier or password");

  // Step 1: the document as resolved; step 2 shows the change and asks before the token is emailed.
  await page.getByTestId("setup-password").fill(PASSWORD);
  await page.getByTestId("setup-inspect").click();
  await expect(page.getByTestId("setup-document")).toContainText(did);
  await expect(page.getByTestId("setup-document")).toContainText(`#atproto_pds`);
  await expect(page.getByTestId("setup-plc-diff")).toContainText(`+ services.atproto_labeler: AtprotoLabeler http://localhost:${PORT}`);
  await expect(page.getByTestId("setup-step-record")).toHaveCount(0);
  expect(await net.emailToken(did)).toBeNull();

  await page.getByTestId("setup-request-token").click();
  await expect(page.getByTestId("setup-token")).toBeVisible();
  const token = await net.emailToken(did);
  expect(token).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
  await page.getByTestId("setup-token").fill(token!);
  await page.getByTestId("setup-submit-plc").click();
  await expect(page.getByTestId("setup-identity-ready")).toBeVisible();

  // Step 3: the new record, shown before it is written.
  await expect(page.getByTestId("setup-record-diff")).toContainText('"$type": "app.bsky.labeler.service"');
  await page.getByTestId("setup-publish").click();
  await expect(page.getByTestId("toast")).toContainText(`${did} is Warden's labeler`);

  await expect(status).toContainText("Every check passes");
  await expect(status.getByTestId("labeler-check")).toHaveCount(7);
  await expect(status.locator('[data-testid="labeler-check"][data-ok="false"]')).toHaveCount(0);

  // The password went once with each step and is kept nowhere in the page.
  expect(posts).toEqual(["inspect", "inspect", "request-token", "submit-plc", "publish"]);
  await expect(page.getByTestId("setup-password")).toHaveValue("");
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  expect(stored).not.toContain(PASSWORD);
  expect(warden.output()).not.toContain(PASSWORD);
});
