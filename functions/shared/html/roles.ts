import type { RoleGrant } from "../../app/directory";

const ROLE_WORDS: Record<RoleGrant["role"], string> = {
  RM: "relationship manager",
  MANAGER: "branch manager",
  BRANCH_CREDIT: "branch credit",
  COMMITTEE: "credit committee",
  HEAD_OFFICE: "head office",
  CREDIT_ADMIN: "credit administration",
  AUDITOR: "auditor",
};

/** "relationship manager (GZ-TIANHE), branch manager backup (SZ-FUTIAN)": who someone is, in words. */
export function roleWords(grants: readonly RoleGrant[]): string {
  if (grants.length === 0) return "no role";
  return grants
    .map((g) => `${ROLE_WORDS[g.role]}${g.backup ? " backup" : ""}${g.branch ? ` (${g.branch})` : ""}`)
    .join(", ");
}
