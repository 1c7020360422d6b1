import type { Policy } from "../policy/policy";
import type { AutoDeclineCode, ExceptionCode, Finding } from "./types";

/** Longest matching prefix wins, so a specific entry can sit inside a broader one. */
function match(code: string, entries: { prefix: string; label: string }[]) {
  let best: { prefix: string; label: string } | undefined;
  for (const e of entries) {
    // The first of equally long prefixes wins, as a stable sort would keep it first.
    if (code.startsWith(e.prefix) && (best === undefined || e.prefix.length > best.prefix.length)) best = e;
  }
  return best;
}

export function industryDecline(industryCode: string, policy: Policy): Finding<AutoDeclineCode>[] {
  const hit = match(industryCode, policy.data.targetMarket.prohibited);
  if (!hit) return [];
  return [
    {
      code: "INDUSTRY_PROHIBITED",
      message: `industry ${industryCode} (${hit.label}) is prohibited by the target market`,
      details: { industryCode, prefix: hit.prefix, label: hit.label },
    },
  ];
}

export function industryRestriction(industryCode: string, policy: Policy): Finding<ExceptionCode>[] {
  const hit = match(industryCode, policy.data.targetMarket.restricted);
  if (!hit) return [];
  return [
    {
      code: "INDUSTRY_RESTRICTED",
      message: `industry ${industryCode} (${hit.label}) is restricted: exception approval required`,
      details: { industryCode, prefix: hit.prefix, label: hit.label },
    },
  ];
}
