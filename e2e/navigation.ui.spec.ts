// Navigation feedback and the phone's folded filters: a slow navigation shows a
// loading status until the next page is there; on a phone the filters of the flags,
// relay, audit, labels and pubkeys pages fold behind one button that says what is filtered.
import { expect, test, type Route } from "@playwright/test";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN } from "./support/settings";

test("a slow navigation shows a loading status (aria-busy on the page) until the next page renders", async ({ page }) => {
  await logIn(page, E2E_ADMIN_TOKEN, "/flags");
  // Hold every request for the next page (prefetch and navigation) until the status has been seen.
  const held: Route[] = [];
  let released = false;
  await page.route(
    (url) => url.pathname === "/flags/sensitive-images",
    (route) => (released ? route.continue() : void held.push(route)),
  );
  const status = page.getByTestId("navigation-progress");
  // A click before hydration is a plain page load, which shows no status.
  await expect(status).toHaveAttribute("data-listening");
  await page.getByRole("link", { name: "Sensitive images" }).click();
  await expect(status).toHaveText("Loading…");
  await expect(page.locator("#main")).toHaveAttribute("aria-busy", "true");

  released = true;
  await Promise.all(held.map((route) => route.continue()));
  await expect(page).toHaveURL(/\/flags\/sensitive-images$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sensitive images");
  await expect(status).toHaveText("");
  await expect(page.locator("#main")).not.toHaveAttribute("aria-busy");
});

test("filters fold behind one button on the phone and stay open on the desktop", async ({ page }, testInfo) => {
  const phone = testInfo.project.name === "phone";
  await logIn(page, E2E_ADMIN_TOKEN, "/audit");
  const form = page.getByRole("search", { name: "Filter the audit log" });
  const toggle = page.getByTestId("filters-toggle");
  if (!phone) {
    await expect(toggle).toBeHidden();
    await expect(form).toBeVisible();
    for (const path of ["/flags", "/relay", "/labels", "/relay/pubkeys"]) {
      await page.goto(path);
      await expect(page.getByTestId("filters-panel")).toBeVisible();
    }
    return;
  }
  await expect(form).toBeHidden();
  await expect(toggle).toHaveText(/Filters · everything/);
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await form.getByLabel("Actor").fill("cli");
  await form.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/actor=cli/);
  await expect(page.getByTestId("filters-toggle")).toHaveText(/actor cli/);

  await page.goto("/flags?sort=score");
  await expect(page.getByTestId("flags-search")).toBeHidden();
  await expect(page.getByTestId("filters-toggle")).toHaveText(/no search, highest score/);
  await page.getByTestId("filters-toggle").click();
  await expect(page.getByTestId("flags-search")).toBeVisible();

  await page.goto("/relay");
  await expect(page.getByTestId("queue-tab-approved")).toBeHidden();
  await expect(page.getByTestId("filters-toggle")).toHaveText(/Status · Pending/);
  await page.getByTestId("filters-toggle").click();
  await page.getByTestId("queue-tab-approved").click();
  await expect(page).toHaveURL(/status=approved/);

  await page.goto("/labels");
  const labelSearch = page.getByRole("search", { name: "Search labels" });
  await expect(labelSearch).toBeHidden();
  await expect(page.getByTestId("filters-toggle")).toHaveText(/Search · every label/);
  await page.getByTestId("filters-toggle").click();
  await labelSearch.getByLabel("Value").fill("spam");
  await labelSearch.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/val=spam/);
  // Folded again on the new page, the button saying what is searched.
  await expect(labelSearch).toBeHidden();
  await expect(page.getByTestId("filters-toggle")).toHaveText(/Search · value spam/);

  await page.goto("/relay/pubkeys");
  await expect(page.getByTestId("tier-tab-blocked")).toBeHidden();
  await expect(page.getByTestId("filters-toggle")).toHaveText(/Tier · All \(/);
  await page.getByTestId("filters-toggle").click();
  await page.getByTestId("tier-tab-blocked").click();
  await expect(page).toHaveURL(/tier=blocked/);
  await expect(page.getByTestId("filters-toggle")).toHaveText(/Tier · blocked \(/);
});
