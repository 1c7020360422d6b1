import { createHash } from "node:crypto";
import type { CaseState, RecordedEvent } from "../../../domain";
import { firstUnsafeCharacter } from "../../../domain/text";
import type { Deps, Writes } from "../ports";
import { mutateCase } from "./mutate";

/** What may be attached, told by the file's first bytes as well as its declared type. */
export const DOCUMENT_TYPES: Readonly<Record<string, { magic: readonly number[]; what: string }>> = {
  "application/pdf": { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], what: "PDF" },
  "image/png": { magic: [0x89, 0x50, 0x4e, 0x47], what: "PNG image" },
  "image/jpeg": { magic: [0xff, 0xd8, 0xff], what: "JPEG image" },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
    magic: [0x50, 0x4b, 0x03, 0x04],
    what: "Excel workbook",
  },
};

const MAX_NAME_CHARS = 200;

export interface Upload {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface AttachedDocument {
  documentId: string;
  name: string;
  contentType: string;
  bytes: number;
  sha256: string;
  at: string;
  by: string;
}

export type AttachOutcome =
  | { kind: "ATTACHED"; document: AttachedDocument }
  | { kind: "INVALID"; message: string }
  | { kind: "FORBIDDEN"; message: string }
  | { kind: "NOT_FOUND"; message: string };

/** The submitter and credit administration of the branch add documents to a case. */
export function mayAttach(
  deps: Pick<Deps<"directory">, "directory">,
  state: CaseState,
  caller: string,
): boolean {
  return caller === state.submittedBy || deps.directory.creditAdmins(state.branch).includes(caller);
}

/** A file's problem in words, or undefined when it may be attached. */
export function uploadProblem(file: Upload, maxBytes: number): string | undefined {
  const name = file.name.trim();
  if (name === "") return "choose a file to attach";
  if (name.length > MAX_NAME_CHARS) return `the file name must be at most ${MAX_NAME_CHARS} characters`;
  const unsafe = firstUnsafeCharacter(name, "line");
  if (unsafe)
    return `the file name must not contain control or bidirectional-formatting characters (found ${unsafe})`;
  if (file.bytes.length === 0) return "the file is empty";
  if (file.bytes.length > maxBytes)
    return `the file is larger than ${maxBytes.toLocaleString("en-US")} bytes`;
  const type = DOCUMENT_TYPES[file.contentType];
  const allowed = Object.values(DOCUMENT_TYPES)
    .map((t) => t.what)
    .join(", ");
  if (!type) return `only ${allowed} files may be attached (this one is ${file.contentType || "of no type"})`;
  if (!type.magic.every((b, i) => file.bytes[i] === b))
    return `the file is not a ${type.what} although it says so`;
  return undefined;
}

/**
 * Attaches a file: stored first, then recorded with its SHA-256 in the case's trail. A crash between
 * the two leaves an unlisted file and no record, never a record without its file.
 */
export async function attachDocument(
  deps: Deps<"cases" | "directory" | "documentWrites"> & Writes<never>,
  caseId: string,
  caller: string,
  file: Upload,
): Promise<AttachOutcome> {
  const loaded = await deps.cases.load(caseId);
  if (!loaded) return { kind: "NOT_FOUND", message: `no case ${caseId}` };
  if (!mayAttach(deps, loaded.state, caller))
    return { kind: "FORBIDDEN", message: `${caller} may not add documents to case ${caseId}` };
  const problem = uploadProblem(file, deps.documentWrites.maxBytes);
  if (problem) return { kind: "INVALID", message: problem };
  const documentId = deps.newId("DOC");
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  await deps.documentWrites.put(`${caseId}/${documentId}`, file.bytes, file.contentType);
  const payload = {
    documentId,
    name: file.name.trim(),
    contentType: file.contentType,
    bytes: file.bytes.length,
    sha256,
  };
  await mutateCase(deps, caseId, () => ({
    write: { drafts: [{ event: { type: "DOCUMENT_ATTACHED", payload }, actor: caller }] },
    result: null,
  }));
  deps.telemetry.info("document attached", { caseId, documentId, bytes: payload.bytes });
  return { kind: "ATTACHED", document: { ...payload, at: deps.now().toISOString(), by: caller } };
}

/** The case's documents from its trail, oldest first. */
export function documentsOf(events: readonly RecordedEvent[]): AttachedDocument[] {
  return events.flatMap((e) =>
    e.type === "DOCUMENT_ATTACHED" ? [{ ...e.payload, at: e.at, by: e.actor }] : [],
  );
}

/** SHA-256 of stored bytes, to compare with the recorded one before serving a file. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
