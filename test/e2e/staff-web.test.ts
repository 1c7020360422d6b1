import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Driver } from "../../infra/local/driver";
import { type LocalStack, startStack } from "../../infra/local/stack";
import { seriousAccessibilityProblems } from "../support/axe";
import { DESKTOP, launchChromium, PHONE, scrollsSideways } from "../support/browser";
import { Scenario, smallCase } from "./harness";

let stack: LocalStack;
let s: Scenario;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ inMemory: true, timeScale: 1 });
  s = new Scenario(new Driver(stack.url));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Fits 390 and 1280 px without sideways scrolling, no serious axe finding; a screenshot of each in /tmp. */
async function checkLayout(page: Page, name: string): Promise<void> {
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    expect(await scrollsSideways(page), `${name} at ${viewport.width} px`).toBe(false);
    expect(await seriousAccessibilityProblems(page), `${name} at ${viewport.width} px`).toEqual([]);
    await page.screenshot({ path: `/tmp/staff-web-${name}-${viewport.width}.png`, fullPage: true });
  }
  await page.setViewportSize(PHONE);
}

/** Signs in through the local sign-in page, as a person would: the page a link led to comes back. */
async function signIn(context: BrowserContext, user: string, path = "/"): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${stack.url}${path}`);
  expect(new URL(page.url()).pathname).toBe("/signin");
  await page.locator(`button[value="${user}"]`).click();
  await page.waitForURL((u) => u.pathname !== "/signin");
  return page;
}

describe("signing in", () => {
  it("sends a browser to sign in and back, keeps 401 for scripts, and signs out", async () => {
    const script = await fetch(`${stack.url}/`, { headers: { accept: "application/json" } });
    expect(script.status).toBe(401);
    const browserLike = await fetch(`${stack.url}/cases/X?a=1`, {
      headers: { accept: "text/html" },
      redirect: "manual",
    });
    expect(browserLike.status).toBe(303);
    expect(browserLike.headers.get("location")).toBe(`/signin?next=${encodeURIComponent("/cases/X?a=1")}`);

    const context = await browser.newContext({ viewport: PHONE });
    try {
      const first = await context.newPage();
      await first.goto(`${stack.url}/signin?next=${encodeURIComponent("//evil.example/")}`);
      await checkLayout(first, "signin");
      expect(await first.locator(".notice").innerText()).toMatch(/Local runtime only/);
      await first.locator('button[value="RM.CHEN"], button[value="rm.chen"]').click();
      // An off-site "next" is ignored: the home page, never another site.
      await first.waitForURL(`${stack.url}/`);
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === "sme_session");
      expect(session?.httpOnly).toBe(true);
      expect(session?.sameSite).toBe("Lax");

      await first.goto(`${stack.url}/signout`);
      await first.locator("button", { hasText: "Sign out" }).click();
      await first.waitForURL(/\/signin$/);
      const home = await fetch(`${stack.url}/`, { headers: { accept: "application/json" } });
      expect(home.status).toBe(401);
      expect((await context.cookies()).some((c) => c.name === "sme_session")).toBe(false);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("refuses a forged session cookie and a sign-in post without the CSRF token", async () => {
    const forged = await fetch(`${stack.url}/`, {
      headers: { accept: "application/json", cookie: "sme_session=cm0uY2hlbg.9999999999.forged" },
    });
    expect(forged.status).toBe(401);
    const noCsrf = await fetch(`${stack.url}/signin`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "user=rm.chen&next=/",
      redirect: "manual",
    });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.headers.get("set-cookie")).toBeNull();
  });
});

describe("the home page", () => {
  it("shows an RM their cases by status and the new application action; an auditor searches", async () => {
    const caseId = await s.submit(smallCase((a) => (a.borrower.name = "Home Page Trading Co.")));
    const context = await browser.newContext({ viewport: PHONE });
    try {
      const rm = await signIn(context, "rm.chen");
      await rm.reload();
      expect(await rm.locator("a", { hasText: "New application" }).getAttribute("href")).toBe("/cases/new");
      expect(await rm.locator(`a[href="/cases/${caseId}"]`).count()).toBe(1);
      await checkLayout(rm, "home-rm");
    } finally {
      await context.close();
    }
    const auditorContext = await browser.newContext({ viewport: PHONE });
    try {
      const auditor = await signIn(auditorContext, "au.he");
      await auditor.fill("#q-borrower", "home page trading");
      await auditor.locator("button", { hasText: "Search" }).click();
      await auditor.waitForURL(/borrower=/);
      expect(await auditor.locator(`a[href="/cases/${caseId}/audit"]`).count()).toBe(1);
      await checkLayout(auditor, "home-auditor");
      await auditor.fill("#q-borrower", "nobody by this name");
      await auditor.locator("button", { hasText: "Search" }).click();
      await auditor.waitForURL(/nobody/);
      expect(await auditor.locator(".notice").innerText()).toBe("No case matches.");
    } finally {
      await auditorContext.close();
    }
    const approver = await browser.newContext({ viewport: PHONE });
    try {
      const mgr = await signIn(approver, "mgr.wang");
      expect(await mgr.locator('a[href="/inbox"]').count()).toBe(1);
    } finally {
      await approver.close();
    }
  }, 120_000);
});
