import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalPage } from "../../functions/shared/html/approval-page";
import { Driver } from "../../infra/local/driver";
import { type LocalStack, startStack } from "../../infra/local/stack";
import { MANAGER_APPROVAL } from "../support/approvals";
import { seriousAccessibilityProblems } from "../support/axe";
import { DESKTOP, launchChromium, PHONE, scrollsSideways } from "../support/browser";
import { caseAtManager, managerReturned } from "../support/case-state";
import { Scenario, smallCase } from "./harness";

/** Markup and quotes are fine in a name (they are refused nowhere): the page must show them as text. */
const BORROWER = `<script>document.title="pwned"</script> O'Brien & "Sons" <img src=x onerror=alert(1)> Trading Co.`;

let stack: LocalStack;
let s: Scenario;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ inMemory: true, timeScale: 1 });
  s = new Scenario(new Driver(stack.url));
  browser = await launchChromium();
}, 180_000);

/** No sideways scroll and no serious accessibility problem, at a phone's and a laptop's width. */
async function expectFits(html: string): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.setContent(html);
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      expect(await scrollsSideways(page), `${viewport.width} px`).toBe(false);
      expect(await seriousAccessibilityProblems(page), `${viewport.width} px`).toEqual([]);
    }
  } finally {
    await page.close();
  }
}

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the approval page in a real browser", () => {
  it("fits a phone and a laptop without sideways scrolling, with no serious accessibility problem", async () => {
    const caseId = await s.submit(smallCase((a) => (a.borrower.name = BORROWER)));
    const link = await s.link("mgr.wang", caseId);
    const context = await browser.newContext({ viewport: PHONE });
    try {
      const page = await context.newPage();
      const response = await page.goto(link);
      expect(response?.status()).toBe(200);
      // The name is text: no element made of it, no script run (the CSP would block one anyway).
      expect(await page.locator("h1").innerText()).toBe(`Manager review: ${BORROWER}`);
      expect(await page.locator("main script, main img").count()).toBe(0);
      expect(await page.title()).toBe(`Manager review — ${BORROWER}`);
      // Amounts with separators and currency; the deadline in the bank's zone, UTC in its title.
      expect(await page.locator("dd .money").first().innerText()).toMatch(/^\d{1,3}(,\d{3})*\.\d\d CNY$/);
      const expires = page.locator("p.meta time");
      expect(await expires.innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d GMT([+-]\d{1,2}(:\d\d)?)?$/);
      expect(await expires.getAttribute("title")).toMatch(/Z \(UTC\)$/);

      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        expect(await scrollsSideways(page), `${viewport.width} px`).toBe(false);
        expect(await seriousAccessibilityProblems(page), `${viewport.width} px`).toEqual([]);
        await page.screenshot({ path: `/tmp/9r-approval-${viewport.width}.png`, fullPage: true });
      }
    } finally {
      await context.close();
    }
  }, 60_000);

  it("has checks that fail: a page too wide, an unlabelled field and faint text are caught", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    try {
      await page.setContent(
        `<!doctype html><html lang="en"><head><title>bad</title></head><body><main>
        <div style="width:600px">wide</div><input type="text"><p style="color:#ccc">faint</p></main></body></html>`,
      );
      expect(await scrollsSideways(page)).toBe(true);
      const problems = await seriousAccessibilityProblems(page);
      expect(problems.map((p) => p.split(" ")[0])).toEqual(
        expect.arrayContaining(["label", "color-contrast"]),
      );
    } finally {
      await page.close();
    }
  });

  it("stays within the window with the longest values a case can hold", async () => {
    const long = "X".repeat(300);
    const state = caseAtManager({ borrowerName: `Borrower${long}`, caseId: `CASE-${long}` });
    const html = approvalPage(
      {
        ...state,
        assessment: state.assessment && {
          ...state.assessment,
          requestedTotal: "999999999999999999.99",
          maxLimit: "999999999999999999.99",
        },
      },
      [managerReturned(long)],
      { ...MANAGER_APPROVAL, status: "PENDING", ttl: 0 },
      { action: "/approvals/APR-1", csrf: "c", hidden: {} },
    );
    const page = await browser.newPage();
    try {
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        await page.setContent(html);
        expect(await scrollsSideways(page), `${viewport.width} px`).toBe(false);
      }
    } finally {
      await page.close();
    }
  });

  it("decides through its form with JavaScript off: a decline without a comment is held back, then confirmed", async () => {
    const caseId = await s.submit(smallCase());
    const link = await s.link("mgr.wang", caseId);
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(link);
      // What an approver weighs is on the page, with the assessment's messages and formatted amounts.
      for (const heading of [
        "Borrower",
        "Facilities",
        "Collateral",
        "Guarantors",
        "Key financials",
        "CSC criteria",
      ])
        expect(await page.getByRole("heading", { name: heading, exact: true }).count(), heading).toBe(1);
      expect(await page.locator("table.stack").first().innerText()).toMatch(/\d{1,3}(,\d{3})*\.\d\d CNY/);

      // The browser itself refuses a decline without a comment: nothing is sent, the page stays.
      await page.getByRole("radio", { name: /^Decline/ }).check();
      await page.getByRole("button", { name: "Continue…" }).click();
      expect(
        await page.locator("#comment").evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing),
      ).toBe(true);
      expect(await page.locator("h1").innerText()).toMatch(/^Manager review/);

      await page.locator("#comment").fill("Cash flow does not cover the debt service.");
      await Promise.all([
        page.waitForURL((url) => url.pathname.startsWith("/approvals/")),
        page.getByRole("button", { name: "Continue…" }).click(),
      ]);
      expect(await page.locator("h1").innerText()).toBe("Confirm your decision");
      expect((await s.history(caseId)).some((e) => e.type === "DECISION_RECORDED")).toBe(false);
      await page.screenshot({ path: "/tmp/9r-confirm-390.png", fullPage: true });
      await expectFits(await page.content());
      await page.getByRole("button", { name: "Confirm: Decline" }).click();
      await page.getByRole("heading", { name: "Decision recorded" }).waitFor({ timeout: 15_000 });
      const main = await page.locator("main").innerText();
      expect(main).toContain(caseId);
      expect(main).toContain("The case is declined");
      await page.screenshot({ path: "/tmp/9r-decided-390.png", fullPage: true });
      // axe runs as a script, so the confirm and confirmation pages are checked in a page with JavaScript on.
      await expectFits(await page.content());
      await s.waitStatus(caseId, "DECLINED");
      const history = await s.history(caseId);
      expect(history.filter((e) => e.type === "DECISION_RECORDED").map((e) => e.actor)).toEqual(["mgr.wang"]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("re-shows the page with the message and the typed values when the server refuses the form", async () => {
    const caseId = await s.submit(smallCase());
    const link = await s.link("mgr.wang", caseId);
    const driver = new Driver(stack.url);
    const opened = await driver.open(link);
    if (!opened.form) throw new Error("no form");
    const refused = await driver.request<string>("POST", opened.form.action, {
      form: { ...opened.form.fields, decision: "return", comment: "   " },
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("A return needs a comment saying what to revise.");
    expect(refused.text).toMatch(/value="return"[^>]*checked/);
    const page = await browser.newPage({ viewport: PHONE });
    try {
      await page.setContent(refused.text);
      expect(await page.locator("#comment").getAttribute("aria-invalid")).toBe("true");
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
    } finally {
      await page.close();
    }
    expect((await s.history(caseId)).some((e) => e.type === "DECISION_RECORDED")).toBe(false);
  }, 60_000);
});
