import type { RecordedEvent } from "../../../domain";
import { documentsOf } from "../../app/workflow/documents";
import { StackTable } from "./stack-table";
import { Time } from "./time";

const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * The documents attached to a case, with links to open them and the SHA-256 the trail recorded for
 * each: any page showing a case can include it (the case page, the decision page).
 */
export function DocumentList({ caseId, events }: { caseId: string; events: readonly RecordedEvent[] }) {
  const docs = documentsOf(events);
  return (
    <section aria-labelledby="documents">
      <h2 id="documents">Documents</h2>
      {docs.length === 0 ? (
        <p>No documents attached.</p>
      ) : (
        <StackTable
          columns={["Document", "Size", "Added", "SHA-256"]}
          rows={docs.map((d) => [
            <a href={`/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(d.documentId)}`}>
              {d.name}
            </a>,
            size(d.bytes),
            <>
              <Time iso={d.at} /> by {d.by}
            </>,
            <code class="hash">{d.sha256}</code>,
          ])}
        />
      )}
    </section>
  );
}

export const DOCUMENTS_CSS = "code.hash{font-size:.8rem;word-break:break-all}";
