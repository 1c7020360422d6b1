/** The approval stages in route order: a module of its own so readers of the list need not build the policy schema. */
export const STAGES = ["MANAGER", "BRANCH_CREDIT", "COMMITTEE", "HEAD_OFFICE"] as const;
