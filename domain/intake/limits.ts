/**
 * Bounds of one batch body. Bytes: the runtime receives a batch as one HTTP request into a Lambda,
 * whose synchronous payload limit is 6 MB; 4 MiB leaves room for the request envelope even when the
 * gateway base64-encodes the body (×4/3 ≈ 5.6 MB). Applications: a cluster plan's batch is its group's
 * members (the seed's automotive cluster counts 342 clients); 1,000 covers a whole group and bounds
 * the cases one request creates.
 */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
export const MAX_BATCH_APPLICATIONS = 1000;
