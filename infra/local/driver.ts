import { setTimeout as delay } from "node:timers/promises";

/**
 * A client of the product exactly as its users meet it: the HTTP API with a caller identity, the
 * mail outbox, and the links inside the mails. The demo and the end-to-end tests drive cases only
 * through this, so they exercise what a person would.
 */

export interface OutboxMessage {
  id: string;
  at: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  links: string[];
}

export interface HttpReply<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface ApprovalForm {
  action: string;
  fields: Record<string, string>;
}

/**
 * Polls a condition until it holds or the deadline passes: a bounded wait, never a fixed sleep. The
 * default deadline is generous on purpose: a test waits only as long as the condition takes, and a
 * 2-core machine running several end-to-end files at once can take many seconds to move 40 cases.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let pause = 10;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(pause);
    pause = Math.min(pause * 2, 200);
  }
}

export class Driver {
  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    path: string,
    opts: { user?: string; json?: unknown; form?: Record<string, string>; raw?: string } = {},
  ): Promise<HttpReply<T>> {
    const headers: Record<string, string> = {};
    if (opts.user) headers["x-user"] = opts.user;
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(opts.form).toString();
    } else if (opts.raw !== undefined) {
      headers["content-type"] = "application/json";
      body = opts.raw;
    }
    const res = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: "manual" });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get("content-type") ?? "").includes("json") && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  outbox(): Promise<OutboxMessage[]> {
    return this.request<OutboxMessage[]>("GET", "/outbox.json").then((r) => r.body);
  }

  /** The newest mail to `email` whose text mentions `needle`, once it has arrived. */
  async mailTo(
    email: string,
    needle: string,
    notIn: ReadonlySet<string> = new Set(),
  ): Promise<OutboxMessage> {
    return waitFor(`a mail to ${email} about ${needle}`, async () =>
      (await this.outbox()).find((m) => m.to.includes(email) && m.text.includes(needle) && !notIn.has(m.id)),
    );
  }

  approvalLink(mail: OutboxMessage): string {
    const link = mail.links.find((l) => l.includes("/approvals/"));
    if (!link) throw new Error(`mail ${mail.id} has no approval link`);
    return link;
  }

  /** GET of a link as a browser would; the form is read from the page's HTML. */
  async open(link: string): Promise<{ status: number; html: string; form: ApprovalForm | undefined }> {
    const url = new URL(link);
    const r = await this.request<string>("GET", `${url.pathname}${url.search}`);
    return { status: r.status, html: r.text, form: readForm(r.text) };
  }

  /** Posts the decision form and, when the server answers with its confirm step, confirms. */
  async submitForm(form: ApprovalForm, decision: string, comment: string): Promise<HttpReply<string>> {
    const first = await this.request<string>("POST", form.action, {
      form: { ...form.fields, decision, comment },
    });
    const confirm = first.status === 200 ? readForm(first.text) : undefined;
    if (confirm?.fields.confirm !== "yes") return first;
    return this.request<string>("POST", confirm.action, { form: confirm.fields });
  }

  /** Opens the link and decides in one go, as an approver on a phone would. */
  async decide(link: string, decision: string, comment = ""): Promise<HttpReply<string>> {
    const page = await this.open(link);
    if (!page.form)
      throw new Error(`no decision form at ${link} (HTTP ${page.status}): ${page.html.slice(0, 300)}`);
    return this.submitForm(page.form, decision, comment);
  }
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export function readForm(html: string): ApprovalForm | undefined {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) return undefined;
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\s*\/?>/g)) {
    fields[unescapeHtml(m[1] ?? "")] = unescapeHtml(m[2] ?? "");
  }
  return { action: unescapeHtml(action), fields };
}
