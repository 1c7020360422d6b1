import { randomUUID } from "node:crypto";
import type { Clock } from "../app/ports";

/** The system clock and random ids: every use case has them without declaring a port. */
export const systemClock: Clock = {
  now: () => new Date(),
  newId: (prefix) => `${prefix}-${randomUUID()}`,
};
