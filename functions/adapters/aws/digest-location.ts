/** Every digest object's key starts here: the S3 adapter writes under it, and the CDK app grants exactly it. */
export const DIGEST_PREFIX = "digests/";
