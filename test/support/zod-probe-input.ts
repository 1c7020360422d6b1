/** An application with problems of every kind of message: default ones (types), custom ones, and paths. */
export const PROBE_INPUT: unknown = {
  applicationId: 5,
  submittedBy: "rm.chen",
  branch: "GZ-TIANHE",
  borrower: { name: "", sector: "farming", existingClient: "yes" },
  financials: [],
  facilities: [{ type: "working_capital", amount: "-1", tenorMonths: 1.5 }],
};
