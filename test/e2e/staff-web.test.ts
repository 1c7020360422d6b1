import { createHash } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Application } from "../../domain";
import { fromApplication } from "../../functions/shared/application-form/values";
import { Driver } from "../../infra/local/driver";
import { type LocalStack, startStack } from "../../infra/local/stack";
import { seriousAccessibilityProblems } from "../support/axe";
import { DESKTOP, launchChromium, PHONE, scrollsSideways } from "../support/browser";
import { freshApplication, Scenario, smallCase } from "./harness";

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

/** The seed's B/2 manufacturer, its 11,000,000.00 working-capital facility split in two. */
function b2Manufacturer() {
  return freshApplication("b2-manufacturing", (a) => {
    a.facilities = [
      { type: "working_capital", amount: "6000000.00", tenorMonths: 12 },
      { type: "working_capital", amount: "5000000.00", tenorMonths: 12 },
    ];
  });
}

/** Types an application into the form as a person would: rows added first, then every control. */
async function fillForm(page: Page, app: Application): Promise<void> {
  const state = fromApplication(app);
  for (const key of ["financials", "facilities", "collateral", "guarantors"] as const) {
    for (;;) {
      const shown = Number(await page.locator(`input[name="rows.${key}"]`).getAttribute("value"));
      if (shown >= state.rows[key]) break;
      await page.locator(`button[value="add:${key}"]`).click();
      await page.waitForLoadState();
    }
  }
  for (const [name, value] of state.values) {
    if (name === "submittedBy") continue;
    const control = page.locator(`[name="${name}"]`);
    const tag = await control.evaluate((e) => `${e.tagName}:${(e as HTMLInputElement).type}`);
    if (tag === "INPUT:checkbox") await control.setChecked(value === "true");
    else if (tag.startsWith("SELECT")) await control.selectOption(value);
    else await control.fill(value);
  }
}

describe("the application form", () => {
  it("shows every problem next to its field and stores nothing for an empty or wrong form", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    try {
      const page = await signIn(context, "rm.li", "/cases/new");
      expect(await page.locator("h1").innerText()).toBe("New application");
      await checkLayout(page, "form-empty");
      await page.fill('[name="applicationId"]', "");
      await page.fill('[name="financials.0.revenue"]', "a lot");
      await page.locator('button[value="submit"]').click();
      await page.waitForLoadState();
      expect(await page.locator("#problems").innerText()).toMatch(/problems; nothing was stored/);
      expect(await page.locator("#f-applicationId-error").innerText()).toBe("must not be empty");
      expect(await page.locator("#f-financials-0-revenue-error").innerText()).toMatch(/non-negative amount/);
      expect(await page.locator('[name="financials.0.revenue"]').inputValue()).toBe("a lot");
      expect(await page.locator("#f-borrower-name").getAttribute("aria-invalid")).toBe("true");
      await checkLayout(page, "form-errors");
      const mine = await searchAs("rm.li");
      expect(mine).toEqual([]);

      // Saved as a draft, problems and all; reopened from the home page with what was typed.
      await page.fill('[name="borrower.name"]', "Draft Borrower Ltd.");
      await page.locator('button[value="save"]').click();
      await page.waitForURL(/\/drafts\/DRAFT-/);
      const draftUrl = page.url();
      await page.goto(`${stack.url}/`);
      await page.locator("a", { hasText: "Draft Borrower Ltd." }).click();
      await page.waitForURL(draftUrl);
      expect(await page.locator('[name="financials.0.revenue"]').inputValue()).toBe("a lot");
      // Saving again replaces the same draft.
      await page.locator('button[value="save"]').click();
      await page.waitForURL(draftUrl);
      await page.goto(`${stack.url}/`);
      expect(await page.locator("a", { hasText: "Draft Borrower Ltd." }).count()).toBe(1);
      expect(await searchAs("rm.li")).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("previews the B/2 manufacturer (B / 2, max limit 11,000,000.00) storing nothing, then submits it", async () => {
    const app = b2Manufacturer();
    const context = await browser.newContext({ viewport: PHONE });
    try {
      const page = await signIn(context, "rm.chen", "/cases/new");
      await fillForm(page, app);
      await page.locator('button[value="preview"]').click();
      await page.waitForLoadState();
      const preview = page.locator("section.preview");
      expect(await preview.innerText()).toMatch(/Client grade \/ sales grade\s+B \/ 2/);
      expect(await preview.innerText()).toMatch(/Max limit\s+11,000,000\.00 CNY/);
      expect(await preview.innerText()).toMatch(/Manager review/);
      await checkLayout(page, "form-preview");
      expect((await searchAs("rm.chen")).filter((c) => c.applicationId === app.applicationId)).toEqual([]);

      await page.locator('button[value="submit"]').click();
      await page.waitForURL(/\/cases\/CASE-/);
      const caseId = decodeURIComponent(new URL(page.url()).pathname.split("/")[2] ?? "");
      const view = await s.driver.request<{ applicationId: string; submittedBy: string }>(
        "GET",
        `/cases/${caseId}`,
        {
          user: "rm.chen",
        },
      );
      expect(view.body.applicationId).toBe(app.applicationId);
      expect(view.body.submittedBy).toBe("rm.chen");

      // The RM attaches the audited statements as a PDF; the trail records its SHA-256.
      const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
      await page.setInputFiles("#file", {
        name: "statements-2025.pdf",
        mimeType: "application/pdf",
        buffer: pdf,
      });
      await page.locator("button", { hasText: "Attach" }).click();
      await page.waitForURL(/#documents$/);
      const docLink = page
        .locator("#documents ~ div a, section a", { hasText: "statements-2025.pdf" })
        .first();
      expect(await docLink.count()).toBe(1);
      expect(await page.locator("code.hash").first().innerText()).toBe(
        createHash("sha256").update(pdf).digest("hex"),
      );
      // Not a PDF although it says so: refused, nothing recorded.
      await page.setInputFiles("#file", {
        name: "fake.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from("MZ"),
      });
      await page.locator("button", { hasText: "Attach" }).click();
      await page.waitForLoadState();
      expect(await page.locator(".notice").innerText()).toMatch(/not a PDF although it says so/);

      // The manager opens the mail's link, sees the document, and returns the case with a comment.
      await s.settled(caseId);
      const comment = "Please attach the 2025 audited statements and split the tenor by facility.";
      const manager = await browser.newContext({ viewport: PHONE });
      try {
        const approval = await manager.newPage();
        await approval.goto(await s.link("mgr.wang", caseId));
        expect(await approval.locator("#documents ~ * a", { hasText: "statements-2025.pdf" }).count()).toBe(
          1,
        );
        await checkLayout(approval, "approval-with-documents");
        await approval.getByRole("radio", { name: /^Return/ }).check();
        await approval.locator("#comment").fill(comment);
        await approval.getByRole("button", { name: "Continue…" }).click();
        // An irreversible decision is confirmed on a page of its own.
        await approval.getByRole("button", { name: /^Confirm: Return/ }).click();
        await approval.getByRole("heading", { name: "Decision recorded" }).waitFor({ timeout: 15_000 });
      } finally {
        await manager.close();
      }
      await s.waitStatus(caseId, "RETURNED");
      await s.settled(caseId);

      // The RM reads the comment on the case page and in the mail, edits and resubmits.
      await page.goto(`${stack.url}/cases/${caseId}`);
      expect(await page.locator("#returned ~ blockquote, section blockquote").first().innerText()).toBe(
        comment,
      );
      await checkLayout(page, "case-returned");
      const mail = (await s.driver.outbox()).find(
        (m) => m.text.includes(`Case ${caseId}`) && m.text.includes("RETURNED"),
      );
      expect(mail?.text).toContain(comment);
      const json = await s.driver.request<{ comments: { comment: string; decision: string }[] }>(
        "GET",
        `/cases/${caseId}`,
        {
          user: "rm.chen",
        },
      );
      expect(json.body.comments).toEqual([expect.objectContaining({ comment, decision: "return" })]);

      await page.locator("a", { hasText: "Edit and resubmit" }).click();
      await page.waitForURL(/\/edit$/);
      expect(await page.locator('[name="facilities.1.amount"]').inputValue()).toBe("5000000.00");
      await page.fill('[name="facilities.1.tenorMonths"]', "24");
      await page.locator('button[value="submit"]').click();
      await page.waitForURL(`${stack.url}/cases/${caseId}`);
      expect(await page.locator("h1 + p").innerText()).toMatch(/version 2/);
      const v2 = await s.driver.request<{ caseVersion: number; status: string }>("GET", `/cases/${caseId}`, {
        user: "rm.chen",
      });
      expect(v2.body.caseVersion).toBe(2);
      await checkLayout(page, "case-v2");
    } finally {
      await context.close();
    }
  }, 240_000);
});

/** The RM's cases as the API lists them: what the form stored, if anything. */
async function searchAs(user: string): Promise<{ applicationId: string }[]> {
  const found: { applicationId: string }[] = [];
  for (const status of ["SUBMITTED", "IN_APPROVAL", "FAILED"]) {
    const r = await s.driver.request<{ cases: { applicationId: string; submittedBy: string }[] }>(
      "GET",
      `/cases?status=${status}`,
      { user: "au.he" },
    );
    found.push(...r.body.cases.filter((c) => c.submittedBy === user));
  }
  return found;
}
