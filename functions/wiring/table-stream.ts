/** How the case table's stream names new audit events (the table design is the adapter's). */
export { appendedOf } from "../adapters/aws/stream-records";
