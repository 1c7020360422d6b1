import { AwsClient } from "aws4fetch";
import { CodedError } from "../../../domain/errors";
import { DOMAIN_EVENT_SOURCE } from "../../../domain/events/domain-events";
import type { DomainEventBus } from "../../app/ports";

export interface EventBridgeBusConfig {
  busName: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Another endpoint (tests); absent: the region's EventBridge endpoint. */
  endpoint?: string;
}

/** PutEvents takes at most 10 entries a call. */
const MAX_ENTRIES = 10;

interface PutEventsResponse {
  FailedEntryCount?: number;
  Entries?: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[];
}

/**
 * Port `domainEvents` on AWS: PutEvents on the custom bus, ten entries at a time in the order given,
 * each with the domain event as its detail, its type as detail-type and the case as a resource-like
 * field consumers can match on. One signed JSON request through aws4fetch instead of the EventBridge
 * client, which would weigh more than the rest of the function. Any entry refused throws, so the
 * stream's retry sends the batch again (consumers drop repeats by `id`).
 */
export function createEventBridgeBus(config: EventBridgeBusConfig): DomainEventBus {
  const aws = new AwsClient({ ...config.credentials, service: "events", region: config.region, retries: 3 });
  const url = config.endpoint ?? `https://events.${config.region}.amazonaws.com/`;
  return {
    async publish(events) {
      for (let i = 0; i < events.length; i += MAX_ENTRIES) {
        const entries = events.slice(i, i + MAX_ENTRIES).map((e) => ({
          EventBusName: config.busName,
          Source: DOMAIN_EVENT_SOURCE,
          DetailType: e.type,
          Time: e.at,
          Detail: JSON.stringify(e),
        }));
        const response = await aws.fetch(url, {
          method: "POST",
          headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSEvents.PutEvents" },
          body: JSON.stringify({ Entries: entries }),
        });
        const text = await response.text();
        if (!response.ok)
          throw new CodedError(
            "EVENT_BUS_FAILED",
            `PutEvents on ${config.busName}: HTTP ${response.status} ${text.slice(0, 200)}`,
          );
        const result = JSON.parse(text) as PutEventsResponse;
        if ((result.FailedEntryCount ?? 0) > 0) {
          const first = result.Entries?.find((x) => x.ErrorCode);
          throw new CodedError(
            "EVENT_BUS_FAILED",
            `PutEvents on ${config.busName}: ${result.FailedEntryCount} of ${entries.length} refused (${first?.ErrorCode}: ${first?.ErrorMessage})`,
          );
        }
      }
    },
  };
}
