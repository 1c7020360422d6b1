import type { Stage } from "../../domain/assessment/types";
import { STAGES } from "../../domain/policy/stages";
import * as z from "../../domain/zod";

/**
 * Who works where and who may act at which approval stage, per branch, as data. Each stage has a
 * primary (one person, or the committee roster) and a backup used on the second attempt (after an SLA
 * timeout) or when four-eyes exclusions leave nobody. Locally it is a JSON file; on AWS the same shape
 * would be loaded from the table, so only the source changes, never these rules.
 *
 * {
 *   "branches": { "<BRANCH>": { "name", "rm": [ids], "manager", "managerBackup", "branchCredit",
 *     "branchCreditBackup", "committee": { "roster": [ids], "backup": [ids] }, "headOffice",
 *     "headOfficeBackup", "creditAdmin": [ids] } },
 *   "auditors": [ids],
 *   "users": { "<id>": { "name", "email" } }
 * }
 */

const STAGE_LIST: readonly Stage[] = STAGES;

const userId = z.string().check(z.regex(/^[a-z][a-z0-9._-]*$/, "user ids are lower-case dotted names"));
const some = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.minLength(1));

const branchSchema = z.object({
  name: z.string().check(z.minLength(1)),
  rm: some(userId),
  manager: userId,
  managerBackup: userId,
  branchCredit: userId,
  branchCreditBackup: userId,
  committee: z.object({ roster: some(userId), backup: some(userId) }),
  headOffice: userId,
  headOfficeBackup: userId,
  creditAdmin: some(userId),
});

export const directorySchema = z
  .object({
    branches: z.record(z.string().check(z.regex(/^[A-Z0-9-]+$/)), branchSchema),
    auditors: z._default(z.array(userId), []),
    users: z.record(userId, z.object({ name: z.string().check(z.minLength(1)), email: z.email() })),
  })
  .check(
    z.superRefine((d, ctx) => {
      const known = (id: string, path: (string | number)[]) => {
        if (!(id in d.users)) ctx.addIssue({ code: "custom", path, message: `unknown user ${id}` });
      };
      for (const [i, id] of d.auditors.entries()) known(id, ["auditors", i]);
      for (const [code, b] of Object.entries(d.branches)) {
        for (const [field, value] of Object.entries(b)) {
          if (field === "name") continue;
          const ids =
            typeof value === "string"
              ? [value]
              : Array.isArray(value)
                ? value
                : [...value.roster, ...value.backup];
          for (const id of ids) known(id, ["branches", code, field]);
        }
        for (const stage of STAGE_LIST) {
          const { primary, backup } = stageSeats(b, stage);
          // A backup who is also a primary would make the second attempt go to the same person.
          if (primary.some((id) => backup.includes(id))) {
            ctx.addIssue({
              code: "custom",
              path: ["branches", code],
              message: `${stage} backup overlaps its primary`,
            });
          }
        }
      }
    }),
  );

export type DirectoryData = z.infer<typeof directorySchema>;
export type BranchData = z.infer<typeof branchSchema>;

export type Role = "RM" | Stage | "CREDIT_ADMIN" | "AUDITOR";

export interface RoleGrant {
  role: Role;
  /** Absent for bank-wide roles (auditors). */
  branch?: string;
  /** True when the user holds the stage as the backup. */
  backup: boolean;
}

export type EligibleApprovers =
  | { ok: true; approvers: string[]; fallback: boolean }
  | { ok: false; reason: "NO_ELIGIBLE_APPROVER" | "UNKNOWN_BRANCH" };

function stageSeats(b: BranchData, stage: Stage): { primary: string[]; backup: string[] } {
  switch (stage) {
    case "MANAGER":
      return { primary: [b.manager], backup: [b.managerBackup] };
    case "BRANCH_CREDIT":
      return { primary: [b.branchCredit], backup: [b.branchCreditBackup] };
    case "COMMITTEE":
      return { primary: b.committee.roster, backup: b.committee.backup };
    case "HEAD_OFFICE":
      return { primary: [b.headOffice], backup: [b.headOfficeBackup] };
  }
}

/** The port the workflow uses; any source of `DirectoryData` can back it. */
export interface Directory {
  /**
   * Who is asked at `stage` on `attempt`, minus `excluded` (see eligibleApprovers); an empty list
   * means nobody may act. Without exclusions: the primary seat on attempt 1, the backup after.
   */
  approversFor(branch: string, stage: Stage, attempt: number, excluded?: ReadonlySet<string>): string[];
  eligibleApprovers(
    branch: string,
    stage: Stage,
    attempt: number,
    excluded: ReadonlySet<string>,
  ): EligibleApprovers;
  creditAdmins(branch: string): string[];
  emailOf(userId: string): string | undefined;
  /** The display name, or the id itself for an unknown user so a mail still reads sensibly. */
  nameOf(userId: string): string;
  rolesOf(userId: string): RoleGrant[];
  hasRole(userId: string, branch: string, role: Role): boolean;
  branches(): string[];
  /** The directory's own spelling of a user id given in any case, or undefined for an unknown user. */
  canonicalId(userId: string): string | undefined;
  /** Every user id, sorted: the local sign-in page lists them. */
  users(): string[];
}

export function createDirectory(data: DirectoryData): Directory {
  const byFoldedId = new Map(Object.keys(data.users).map((id) => [id.toLowerCase(), id]));

  function eligibleApprovers(
    branch: string,
    stage: Stage,
    attempt: number,
    excluded: ReadonlySet<string>,
  ): EligibleApprovers {
    const b = data.branches[branch];
    if (!b) return { ok: false, reason: "UNKNOWN_BRANCH" };
    const { primary, backup } = stageSeats(b, stage);
    // Attempt 1 asks the primary seat; a reassignment after a timeout asks the backup first.
    const [first, second] = attempt <= 1 ? [primary, backup] : [backup, primary];
    const allowed = (id: string) => !excluded.has(id);
    const chosen = first.filter(allowed);
    let fallback = false;
    // Four eyes: the submitter and anyone who acted at another stage sit out. A committee keeps its
    // size by seating alternates; a one-person stage goes to the other seat only when emptied.
    const target = stage === "COMMITTEE" ? first.length : 1;
    for (const id of second.filter(allowed)) {
      if (chosen.length >= target) break;
      if (!chosen.includes(id)) {
        chosen.push(id);
        fallback = true;
      }
    }
    if (chosen.length === 0) return { ok: false, reason: "NO_ELIGIBLE_APPROVER" };
    return { ok: true, approvers: chosen, fallback };
  }

  function rolesOf(userId: string): RoleGrant[] {
    const grants: RoleGrant[] = [];
    for (const [branch, b] of Object.entries(data.branches)) {
      if (b.rm.includes(userId)) grants.push({ role: "RM", branch, backup: false });
      for (const stage of STAGE_LIST) {
        const { primary, backup } = stageSeats(b, stage);
        if (primary.includes(userId)) grants.push({ role: stage, branch, backup: false });
        if (backup.includes(userId)) grants.push({ role: stage, branch, backup: true });
      }
      if (b.creditAdmin.includes(userId)) grants.push({ role: "CREDIT_ADMIN", branch, backup: false });
    }
    if (data.auditors.includes(userId)) grants.push({ role: "AUDITOR", backup: false });
    return grants;
  }

  return {
    approversFor(branch, stage, attempt, excluded = new Set()) {
      const result = eligibleApprovers(branch, stage, attempt, excluded);
      return result.ok ? result.approvers : [];
    },
    eligibleApprovers,
    creditAdmins: (branch) => [...(data.branches[branch]?.creditAdmin ?? [])],
    emailOf: (userId) => data.users[userId]?.email,
    nameOf: (userId) => data.users[userId]?.name ?? userId,
    rolesOf,
    hasRole: (userId, branch, role) =>
      rolesOf(userId).some((g) => g.role === role && (g.branch === undefined || g.branch === branch)),
    branches: () => Object.keys(data.branches),
    canonicalId: (userId) => byFoldedId.get(userId.trim().toLowerCase()),
    users: () => Object.keys(data.users).sort(),
  };
}
