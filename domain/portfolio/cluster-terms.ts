import type { InputProblem } from "../application/parse";
import type { Application } from "../application/schema";
import type { ClusterPlan } from "./schema";

/**
 * Whether an application fits a cluster plan's terms ("one client group, one plan"): the group's
 * industries and regions, the facility types and tenor the plan offers, and party ids where the plan
 * requires them. Each misfit is a problem by JSON path, as a batch line's input errors are: a line
 * that does not fit the plan is refused, not turned into a case.
 */
export function clusterAdmission(cluster: ClusterPlan, app: Application): InputProblem[] {
  const problems: InputProblem[] = [];
  const { terms } = cluster;
  const industry = app.borrower.industryCode;
  if (!cluster.industryPrefixes.some((prefix) => industry.startsWith(prefix))) {
    problems.push({
      path: "$.borrower.industryCode",
      message: `${industry} is not in cluster ${cluster.clusterId}'s industries (${cluster.industryPrefixes.join(", ")})`,
    });
  }
  if (terms.regions.length > 0 && !terms.regions.includes(app.borrower.region)) {
    problems.push({
      path: "$.borrower.region",
      message: `${app.borrower.region} is not in cluster ${cluster.clusterId}'s regions (${terms.regions.join(", ")})`,
    });
  }
  app.facilities.forEach((f, i) => {
    if (!(terms.facilityTypes as readonly string[]).includes(f.type)) {
      problems.push({
        path: `$.facilities[${i}].type`,
        message: `${f.type} is not offered under cluster ${cluster.clusterId}'s plan (${terms.facilityTypes.join(", ")})`,
      });
    } else if (f.tenorMonths > terms.maxTenorMonths) {
      problems.push({
        path: `$.facilities[${i}].tenorMonths`,
        message: `${f.tenorMonths} months is longer than cluster ${cluster.clusterId}'s plan allows (${terms.maxTenorMonths})`,
      });
    }
  });
  if (terms.requirePartyIds) {
    const missing = "is required under this cluster plan, so guarantee circles in the group can be seen";
    if (!app.borrower.partyId) problems.push({ path: "$.borrower.partyId", message: missing });
    app.guarantors.forEach((g, i) => {
      if (!g.partyId) problems.push({ path: `$.guarantors[${i}].partyId`, message: missing });
    });
  }
  return problems;
}
