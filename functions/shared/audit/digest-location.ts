/** Where digests live: shared by the handlers and by the CDK app that grants access to exactly this. */
export const DIGEST_BUCKET_ENV = "DIGEST_BUCKET";
export const DIGEST_DIR_ENV = "DIGEST_DIR";
/** Every digest object's key starts here; grants are limited to it. */
export const DIGEST_PREFIX = "digests/";
