import middy from "@middy/core";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { publishAppended } from "../app/events/publish";
import { systemClock } from "../wiring/clock";
import { domainEventBus } from "../wiring/domain-events";
import { observe } from "../wiring/observe";
import { appendedOf } from "../wiring/table-stream";
import { trailReader } from "../wiring/trails";

const observed = observe("publish-events");
const deps = {
  trails: trailReader(),
  domainEvents: domainEventBus(),
  ...systemClock,
  telemetry: observed.telemetry,
};

/**
 * The table's stream → the domain event bus. A shard's records arrive in order and a failed batch is
 * retried before anything after it, so each case's events are published in trail order; a throw here
 * retries the batch (at least once: consumers drop repeats by the event's id).
 */
async function lambdaHandler(event: DynamoDBStreamEvent): Promise<{ published: number }> {
  return { published: await publishAppended(deps, appendedOf(event.Records)) };
}

export const handler = middy(lambdaHandler).use(observed.middleware());
