import type { ComponentChildren } from "preact";

/**
 * A table with a header row on a wide screen; on a phone each row becomes a block whose cells are
 * labelled with their column (from `data-label`), so nothing scrolls sideways. On a wide screen a
 * word too long for any column scrolls the table inside its box rather than the whole page.
 */
export function StackTable({
  columns,
  rows,
}: {
  columns: readonly string[];
  rows: readonly (readonly ComponentChildren[])[];
}) {
  return (
    <div class="table-scroll">
      <table class="stack">
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells) => (
            <tr>
              {cells.map((cell, i) => (
                <td data-label={columns[i]}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
