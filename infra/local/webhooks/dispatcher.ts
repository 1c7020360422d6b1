import { type DomainEvent, domainEvents } from "../../../domain/events/domain-events";
import type { CaseStore } from "../../../functions/adapters/aws/case-store";
import type { Webhook } from "./config";
import { SIGNATURE_HEADERS, sign } from "./signature";
import type { WebhookStore } from "./store";

/**
 * The local runtime's stand-in for DynamoDB Streams → EventBridge: it polls the trail for cases
 * changed since its watermark (the status index, never a scan), maps each case's new trail events to
 * domain events (the same mapping as the AWS publisher) and POSTs them, signed, to each webhook —
 * per case strictly in trail order, at least once. A failed delivery holds back that case's later
 * events and is retried with exponential backoff; other cases go on. Cursors and the watermark live
 * in the table, so after a restart delivery goes on where it stopped.
 */

/** Cases changed this long before a poll are looked at again: appends in flight may carry an earlier time. */
const WATERMARK_MARGIN_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 10_000;

export interface DispatcherOptions {
  store: CaseStore;
  log: WebhookStore;
  webhooks: readonly Webhook[];
  pollMs?: number;
  /** Where a failure of the dispatcher itself (not of a receiver) is reported. */
  onError?: (error: unknown) => void;
}

interface Backoff {
  attempts: number;
  dueAt: number;
}

export function startWebhookDispatcher(options: DispatcherOptions): { stop(): Promise<void> } {
  const { store, log, webhooks } = options;
  const pollMs = options.pollMs ?? 500;
  /** Per webhook and case: the failures so far of its next event, and when it may be tried again. */
  const backoff = new Map<string, Backoff>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function deliver(hook: Webhook, event: DomainEvent): Promise<boolean> {
    const key = `${hook.name}#${event.caseId}`;
    const attempt = (backoff.get(key)?.attempts ?? 0) + 1;
    const body = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    let httpStatus: number | undefined;
    let error: string | undefined;
    try {
      const res = await fetch(hook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [SIGNATURE_HEADERS.id]: event.id,
          [SIGNATURE_HEADERS.timestamp]: String(timestamp),
          [SIGNATURE_HEADERS.signature]: sign(hook.secret, event.id, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      httpStatus = res.status;
      await res.body?.cancel();
      if (!res.ok) error = `the receiver answered ${res.status}`;
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      error = cause ?? (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
    const at = new Date().toISOString();
    const base = {
      at,
      webhook: hook.name,
      eventId: event.id,
      type: event.type,
      caseId: event.caseId,
      seq: event.seq,
      attempt,
    };
    if (error === undefined) {
      backoff.delete(key);
      await log.log({ ...base, outcome: "DELIVERED", ...(httpStatus ? { httpStatus } : {}) });
      return true;
    }
    const wait = Math.min(hook.retryBaseMs * 2 ** (attempt - 1), hook.retryMaxMs);
    backoff.set(key, { attempts: attempt, dueAt: Date.now() + wait });
    await log.log({
      ...base,
      outcome: "FAILED",
      ...(httpStatus ? { httpStatus } : {}),
      error,
      retryAt: new Date(Date.now() + wait).toISOString(),
    });
    return false;
  }

  /** Delivers a case's events after its cursor; true when it is caught up. */
  async function catchUp(hook: Webhook, caseId: string): Promise<boolean> {
    const waiting = backoff.get(`${hook.name}#${caseId}`);
    if (waiting && waiting.dueAt > Date.now()) return false;
    const cursor = await log.cursor(hook.name, caseId);
    const trail = await store.readEvents(caseId);
    const last = trail.at(-1)?.seq ?? 0;
    if (last <= cursor) return true;
    for (const event of domainEvents(trail)) {
      if (event.seq <= cursor) continue;
      if (stopped || !(await deliver(hook, event))) return false;
      await log.advance(hook.name, caseId, event.seq);
    }
    // Trail events that map to nothing are passed over too, so they are not read again.
    await log.advance(hook.name, caseId, last);
    return true;
  }

  async function pollHook(hook: Webhook): Promise<void> {
    const started = Date.now();
    const since = await log.watermark(hook.name);
    let caughtUp = true;
    for (const caseId of await store.changedSince(since)) {
      if (stopped) return;
      if (!(await catchUp(hook, caseId))) caughtUp = false;
    }
    // The watermark moves only when nothing is held back, so a case waiting to be retried is read again.
    if (caughtUp) await log.setWatermark(hook.name, new Date(started - WATERMARK_MARGIN_MS).toISOString());
  }

  async function poll(): Promise<void> {
    for (const hook of webhooks) {
      try {
        await pollHook(hook);
      } catch (e) {
        options.onError?.(e);
      }
    }
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = poll().finally(schedule);
    }, pollMs);
  };
  if (webhooks.length > 0) schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
