import type { Driver, OutboxMessage } from "../../../infra/local/driver";

/**
 * One poller of the outbox for every simulated person: it reads only the mails sent since its last
 * look (GET /outbox.json?since=…) and hands each to whoever waits for it, so a hundred approvers
 * waiting for their mail cost one small read every POLL_MS instead of a hundred full listings.
 *
 * A mail's id (its time) is taken just before it is stored, so one may land after a look that saw a
 * later one: each look goes back OVERLAP_MS, ids already seen are skipped, and a wait that lasts
 * longer than RESCAN_AFTER_MS triggers a look back to when it began.
 */

const POLL_MS = 50;
const OVERLAP_MS = 150;
const RESCAN_AFTER_MS = 5_000;

interface Waiter {
  matches: (m: OutboxMessage) => boolean;
  since: number;
  rescanned: boolean;
  resolve: (m: OutboxMessage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class MailFeed {
  private waiters = new Set<Waiter>();
  /** Mails that arrived before anyone asked for them (the next stage's mail can beat the decision's reply). */
  private unclaimed: OutboxMessage[] = [];
  private seen = new Set<string>();
  private cursor: number;
  private running = true;
  private loop: Promise<void>;
  /** Requests the feed made: the bench's own reads, reported apart from the product's. */
  polls = 0;

  constructor(
    private readonly driver: Driver,
    startedAt = Date.now(),
  ) {
    this.cursor = startedAt - OVERLAP_MS;
    this.loop = this.run();
  }

  /** The next mail to `to` whose text contains every needle, not handed to anyone before. */
  next(to: string, needles: string[], timeoutMs: number): Promise<OutboxMessage> {
    const matches = (m: OutboxMessage) => m.to.includes(to) && needles.every((n) => m.text.includes(n));
    const found = this.unclaimed.findIndex(matches);
    if (found >= 0) return Promise.resolve(this.unclaimed.splice(found, 1)[0] as OutboxMessage);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        since: Date.now(),
        rescanned: false,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`no mail to ${to} about ${needles.join(", ")} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error("the mail feed stopped"));
    }
    this.waiters.clear();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = Date.now();
      if (this.waiters.size > 0) {
        const stale = [...this.waiters].find((w) => !w.rescanned && started - w.since > RESCAN_AFTER_MS);
        if (stale) stale.rescanned = true;
        const from = stale ? Math.min(this.cursor, stale.since - RESCAN_AFTER_MS) : this.cursor;
        await this.look(from).catch(() => undefined);
        this.cursor = started - OVERLAP_MS;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, POLL_MS - (Date.now() - started))));
    }
  }

  private async look(from: number): Promise<void> {
    let since = new Date(from).toISOString();
    for (;;) {
      this.polls++;
      const page = await this.driver.request<OutboxMessage[]>(
        "GET",
        `/outbox.json?since=${encodeURIComponent(since)}&limit=500`,
      );
      if (page.status !== 200) throw new Error(`outbox answered ${page.status}`);
      for (const m of page.body) this.deliver(m);
      const last = page.body.at(-1);
      if (page.body.length < 500 || !last) return;
      since = last.at;
    }
  }

  private deliver(m: OutboxMessage): void {
    if (this.seen.has(m.id)) return;
    this.seen.add(m.id);
    for (const w of this.waiters) {
      if (!w.matches(m)) continue;
      this.waiters.delete(w);
      clearTimeout(w.timer);
      w.resolve(m);
      return;
    }
    this.unclaimed.push(m);
  }
}
