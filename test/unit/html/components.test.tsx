import { describe, expect, it } from "vitest";
import { CASE_STATUSES } from "../../../domain";
import { Badge, StatusBadge } from "../../../functions/shared/html/badge";
import { Facts } from "../../../functions/shared/html/facts";
import { Field } from "../../../functions/shared/html/field";
import { Layout } from "../../../functions/shared/html/layout";
import { Money } from "../../../functions/shared/html/money";
import { Notice } from "../../../functions/shared/html/notice";
import { renderDocument, renderFragment } from "../../../functions/shared/html/render";
import { StackTable } from "../../../functions/shared/html/stack-table";

describe("the page kit", () => {
  it("lays a page out with no script and no external asset", () => {
    const html = renderDocument(
      <Layout title="T" css="p{color:red}">
        <p>body</p>
      </Layout>,
    );
    expect(html.startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"/>')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html).toContain("<title>T</title>");
    expect(html).toMatch(/<style>[^<]*p\{color:red\}<\/style>/);
    expect(html).toContain("<body><main><p>body</p></main></body>");
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
  });

  it("shows a field's error in words, tied to its control", () => {
    const html = renderFragment(
      <Field id="comment" label="Comment" hint="Why, in a sentence" error="A decline needs a comment">
        {(control) => <textarea {...control} name="comment" />}
      </Field>,
    );
    expect(html).toBe(
      '<div class="field invalid"><label for="comment">Comment</label>' +
        '<p class="hint" id="comment-hint">Why, in a sentence</p>' +
        '<p class="error" id="comment-error">A decline needs a comment</p>' +
        '<textarea id="comment" aria-describedby="comment-hint comment-error" aria-invalid="true" name="comment"></textarea></div>',
    );
    const clean = renderFragment(
      <Field id="c" label="Comment">
        {(control) => <input {...control} name="c" />}
      </Field>,
    );
    expect(clean).toBe('<div class="field"><label for="c">Comment</label><input id="c" name="c"/></div>');
  });

  it("labels every cell of a stacking table with its column", () => {
    const html = renderFragment(
      <StackTable
        columns={["Stage", "Amount"]}
        rows={[["Manager", <Money amount="1500000" currency="CNY" />]]}
      />,
    );
    expect(html).toContain('<th scope="col">Stage</th><th scope="col">Amount</th>');
    expect(html).toContain(
      '<td data-label="Stage">Manager</td><td data-label="Amount"><span class="money">1,500,000.00 CNY</span></td>',
    );
  });

  it("pairs facts as terms and definitions", () => {
    expect(
      renderFragment(
        <Facts
          facts={[
            ["Grade", "A"],
            ["Limit", <b>1</b>],
          ]}
        />,
      ),
    ).toBe(
      '<dl class="facts"><div><dt>Grade</dt><dd>A</dd></div><div><dt>Limit</dt><dd><b>1</b></dd></div></dl>',
    );
  });

  it("says every case status in words, with a tone", () => {
    for (const status of CASE_STATUSES) {
      const html = renderFragment(<StatusBadge status={status} />);
      expect(html).toMatch(
        new RegExp(`^<span class="pill (info|good|warn|bad)" data-status="${status}">[A-Z][a-z ]+</span>$`),
      );
    }
    expect(renderFragment(<StatusBadge status="APPROVED" />)).toContain(">Approved<");
    expect(renderFragment(<Badge tone="bad">✗ changed</Badge>)).toBe(
      '<span class="pill bad">✗ changed</span>',
    );
  });

  it("boxes a notice by kind", () => {
    expect(renderFragment(<Notice kind="info">a</Notice>)).toBe('<p class="notice">a</p>');
    expect(
      renderFragment(
        <Notice kind="warn" id="v">
          b
        </Notice>,
      ),
    ).toBe('<p class="notice warn" id="v">b</p>');
  });
});
