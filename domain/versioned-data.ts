import { canonicalJson, sha256Hex } from "./canonical-json";
import { DomainError } from "./errors";

/**
 * Versioned data files (the credit policy, the portfolio plan): each version is an immutable file with
 * an id and a content hash, and a registry of the versions a reader knows. A record names the id and
 * hash it was made under; reproduction asks the registry for that id, never for the current default.
 */

/** The content hash of a data file: over its canonical JSON, so key order and whitespace do not count. */
export function contentHash(raw: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(raw))}`;
}

export interface VersionRegistry<T> {
  readonly defaultId: string;
  /** The version `id`, or the default; an unknown id is a bug in the caller (check `has` first). */
  get(id?: string): T;
  has(id: string): boolean;
  ids(): string[];
}

export interface VersionKind<T> {
  /** Words for messages: "policy", "portfolio plan". */
  readonly noun: string;
  /** Error codes: unknown id, and a file that fails validation or declares another id. */
  readonly unknownCode: string;
  readonly invalidCode: string;
  /** Validates one raw file (throwing `invalidCode`) into its built value. */
  build(raw: unknown): T;
  idOf(value: T): string;
}

/** The kind of a file whose built value carries its own id; errors coded `${prefix}_UNKNOWN` / `_INVALID`. */
export function idKind<T extends { readonly id: string }>(
  noun: string,
  codePrefix: string,
  build: (raw: unknown) => T,
): VersionKind<T> {
  return {
    noun,
    unknownCode: `${codePrefix}_UNKNOWN`,
    invalidCode: `${codePrefix}_INVALID`,
    build,
    idOf: (value) => value.id,
  };
}

export function createVersionRegistry<T>(
  kind: VersionKind<T>,
  versions: Readonly<Record<string, unknown>>,
  defaultId: string,
): VersionRegistry<T> {
  const has = (id: string) => Object.hasOwn(versions, id);
  if (!has(defaultId))
    throw new DomainError(kind.unknownCode, `default ${kind.noun} "${defaultId}" is not registered`);
  const loaded = new Map<string, T>();
  return {
    defaultId,
    has,
    ids: () => Object.keys(versions).sort(),
    get(id = defaultId) {
      const cached = loaded.get(id);
      if (cached) return cached;
      if (!has(id)) throw new DomainError(kind.unknownCode, `no ${kind.noun} version "${id}"`);
      const value = kind.build(versions[id]);
      if (kind.idOf(value) !== id) {
        throw new DomainError(
          kind.invalidCode,
          `${kind.noun} file registered as "${id}" declares id "${kind.idOf(value)}"`,
        );
      }
      loaded.set(id, value);
      return value;
    },
  };
}

/**
 * What differs between a registry and the hashes pinned for its released versions (released.json):
 * a released version edited, dropped, or registered without being pinned. Empty when all is as released.
 */
export function releasedMismatches(
  registry: VersionRegistry<{ readonly hash: string }>,
  pinned: Readonly<Record<string, string>>,
): string[] {
  const problems: string[] = [];
  for (const [id, hash] of Object.entries(pinned)) {
    if (!registry.has(id)) problems.push(`${id}: released but no longer registered`);
    else if (registry.get(id).hash !== hash)
      problems.push(`${id}: released as ${hash}, now hashes to ${registry.get(id).hash}`);
  }
  for (const id of registry.ids()) {
    if (!Object.hasOwn(pinned, id)) problems.push(`${id}: registered but not pinned in released.json`);
  }
  if (!Object.hasOwn(pinned, registry.defaultId))
    problems.push(`${registry.defaultId}: the default is not a released version`);
  return problems;
}
