import type { Assessment } from "../../../domain";
import type { InputProblem } from "../../../domain/application/parse";
import { stageName } from "../../app/workflow/notify";
import { Facts } from "../html/facts";
import { Field } from "../html/field";
import { Layout } from "../html/layout";
import { Money } from "../html/money";
import { Notice } from "../html/notice";
import { renderDocument } from "../html/render";
import { STAFF_NAV_CSS, StaffNav } from "../html/staff-nav";
import { CSRF_FIELD } from "../session";
import {
  BORROWER,
  CASH_AND_CHECKS,
  COLLATERAL,
  FACILITIES,
  FINANCIALS,
  type FieldGroup,
  type FieldSpec,
  GUARANTORS,
  headGroup,
  type RowGroup,
} from "./fields";
import { controlName, DRAFT_ID_FIELD, type FormState, problemsByControl } from "./values";

const CURRENCY = "CNY";
/** Where the buttons that store nothing post: rows added or removed, and the preview. */
export const PREVIEW_ACTION = "/cases/preview";
/** Carries where "Submit" posts through the preview's re-renders. */
export const SUBMIT_TARGET_FIELD = "submitAction";
export const RESUBMIT_PATH = /^\/cases\/[A-Za-z0-9._-]+\/resubmit$/;
export const RESUBMIT_TITLE = "Edit and resubmit";

const CSS = `${STAFF_NAV_CSS}
fieldset{border:1px solid #c9c9c9;border-radius:6px;margin:16px 0;padding:8px 12px;min-width:0}
legend{font-weight:700;padding:0 4px}
fieldset.row{border-style:dashed}
.grid{display:grid;grid-template-columns:minmax(0,1fr);gap:0 12px}
@media (min-width:600px){.grid{grid-template-columns:repeat(2,minmax(0,1fr))}}
select{font:inherit;width:100%;padding:8px;border:1px solid #767676;border-radius:6px;background:#fff}
.field.check{display:flex;flex-wrap:wrap;gap:8px;align-items:center}.field.check label{order:2;margin:0;font-weight:400}
.field.check input{width:auto;order:1}.field.check .error,.field.check .hint{order:3;flex-basis:100%}
button.primary{background:#1f4f9a;color:#fff;border-color:#1f4f9a}
section.preview{border:2px solid #1f4f9a;border-radius:6px;padding:8px 12px;margin:16px 0}
ul.problems{padding-left:1.2rem}`;

export interface FormPageView {
  title: string;
  user: { id: string; name: string };
  branches: readonly string[];
  state: FormState;
  csrf: string;
  /** Where "Submit" posts: /cases/new, or the returned case's resubmission. */
  submitAction: string;
  problems?: readonly InputProblem[];
  preview?: Assessment;
  /** A one-line outcome above the form (a refusal that is not about a field). */
  message?: string;
}

const controlId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]/g, "-")}`;

function Control({
  spec,
  name,
  state,
  error,
}: {
  spec: FieldSpec;
  name: string;
  state: FormState;
  error?: string;
}) {
  const value = state.values.get(name) ?? "";
  const id = controlId(name);
  const t = spec.type;
  if (t.kind === "bool") {
    return (
      <div class={error ? "field check invalid" : "field check"}>
        <input type="checkbox" id={id} name={name} value="true" checked={value === "true"} />
        <label for={id}>{spec.label}</label>
        {error ? (
          <p class="error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <Field
      id={id}
      label={spec.optional ? `${spec.label} (optional)` : spec.label}
      {...(spec.hint ? { hint: spec.hint } : {})}
      {...(error ? { error } : {})}
    >
      {(control) =>
        t.kind === "choice" ? (
          <select {...control} name={name}>
            <option value="">Choose…</option>
            {t.options.map((o) => (
              <option value={o} selected={o === value}>
                {o}
              </option>
            ))}
          </select>
        ) : t.kind === "text" && t.multiline ? (
          <textarea {...control} name={name}>
            {value}
          </textarea>
        ) : (
          <input
            {...control}
            name={name}
            value={value}
            {...(t.kind === "money" || t.kind === "ratio" ? { inputmode: "decimal" } : {})}
            {...(t.kind === "int" ? { inputmode: "numeric" } : {})}
          />
        )
      }
    </Field>
  );
}

function Group({
  group,
  state,
  errors,
}: {
  group: FieldGroup;
  state: FormState;
  errors: Map<string, string>;
}) {
  return (
    <fieldset>
      <legend>{group.title}</legend>
      <div class="grid">
        {group.fields.map((f) => (
          <Control
            spec={f}
            name={f.key}
            state={state}
            {...(errors.get(f.key) ? { error: errors.get(f.key) } : {})}
          />
        ))}
      </div>
    </fieldset>
  );
}

function Rows({ group, state, errors }: { group: RowGroup; state: FormState; errors: Map<string, string> }) {
  const count = state.rows[group.key];
  const listError = errors.get(group.key);
  return (
    <fieldset>
      <legend>{group.title}</legend>
      {listError ? (
        <p class="error" id={controlId(group.key)}>
          {listError}
        </p>
      ) : null}
      {count === 0 ? <p>None.</p> : null}
      {Array.from({ length: count }, (_, i) => {
        const yearText = group.key === "financials" ? state.values.get(`financials.${i}.year`) : undefined;
        const title = `${group.noun[0]?.toUpperCase()}${group.noun.slice(1)} ${i + 1}${yearText ? ` (${yearText})` : ""}`;
        return (
          <fieldset class="row">
            <legend>{title}</legend>
            <div class="grid">
              {group.fields.map((f) => {
                const name = `${group.key}.${i}.${f.key}`;
                const error = errors.get(name);
                return <Control spec={f} name={name} state={state} {...(error ? { error } : {})} />;
              })}
            </div>
            {count > group.min ? (
              <button
                type="submit"
                formaction={PREVIEW_ACTION}
                name="action"
                value={`remove:${group.key}:${i}`}
              >
                Remove {title.toLowerCase()}
              </button>
            ) : null}
          </fieldset>
        );
      })}
      {count < group.max ? (
        <div class="actions">
          <button type="submit" formaction={PREVIEW_ACTION} name="action" value={`add:${group.key}`}>
            Add a {group.noun}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}

/** What the domain will decide, before anything is stored. */
function Preview({ a }: { a: Assessment }) {
  const findings = (list: readonly { code: string; message: string }[]) =>
    list.length === 0 ? (
      "none"
    ) : (
      <ul class="problems">
        {list.map((f) => (
          <li>
            <strong>{f.code}</strong> — {f.message}
          </li>
        ))}
      </ul>
    );
  return (
    <section class="preview" aria-labelledby="preview">
      <h2 id="preview">Preview: what the assessment will say</h2>
      <Notice kind="info">A preview only: nothing has been stored or submitted yet.</Notice>
      <Facts
        facts={[
          [
            "Client grade / sales grade",
            `${a.clientGrade} / ${a.salesGrade === null ? "not SME" : a.salesGrade}`,
          ],
          ["Score / rating / PD", `${a.score} / ${a.rating} / ${a.pdBand}`],
          ["Requested total", <Money amount={a.requestedTotal} currency={CURRENCY} />],
          ["Max limit", <Money amount={a.maxLimit} currency={CURRENCY} />],
          ["Minimum coverage", a.minCoverage],
          ["Secured value", <Money amount={a.securedValue} currency={CURRENCY} />],
          ["Collateral supports", <Money amount={a.collateralSupportedLimit} currency={CURRENCY} />],
          ["Auto-decline", a.autoDecline ? findings(a.declineReasons) : "no"],
          ["Exceptions", findings(a.exceptions)],
          ["Conditions", findings(a.conditions ?? [])],
          ["Route", a.route.length === 0 ? "none (declined)" : a.route.map(stageName).join(" → ")],
          ["Policy", a.policyVersion],
        ]}
      />
    </section>
  );
}

function Problems({ problems }: { problems: readonly InputProblem[] }) {
  return (
    <section aria-labelledby="problems">
      <Notice kind="bad" id="problems">
        The application has {problems.length} problem{problems.length === 1 ? "" : "s"}; nothing was stored.
      </Notice>
      <ul class="problems">
        {problems.map((p) => (
          <li>
            <a href={`#${controlId(controlName(p.path))}`}>{controlName(p.path) || "application"}</a>:{" "}
            {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The application form: every field of the contract, rows added and removed without JavaScript. */
export function applicationFormPage(view: FormPageView): string {
  const errors = problemsByControl(view.problems ?? []);
  const { state } = view;
  return renderDocument(
    <Layout title={view.title} css={CSS}>
      <StaffNav name={view.user.name} userId={view.user.id} />
      <h1>{view.title}</h1>
      {view.message ? <Notice kind="bad">{view.message}</Notice> : null}
      {view.problems && view.problems.length > 0 ? <Problems problems={view.problems} /> : null}
      {view.preview ? <Preview a={view.preview} /> : null}
      <form method="post" action={view.submitAction} novalidate>
        <input type="hidden" name={CSRF_FIELD} value={view.csrf} />
        <input type="hidden" name={SUBMIT_TARGET_FIELD} value={view.submitAction} />
        {state.values.get(DRAFT_ID_FIELD) ? (
          <input type="hidden" name={DRAFT_ID_FIELD} value={state.values.get(DRAFT_ID_FIELD)} />
        ) : null}
        {[FINANCIALS, FACILITIES, COLLATERAL, GUARANTORS].map((g) => (
          <input type="hidden" name={`rows.${g.key}`} value={String(state.rows[g.key])} />
        ))}
        <Group group={headGroup(view.branches)} state={state} errors={errors} />
        <Group group={BORROWER} state={state} errors={errors} />
        <Rows group={FINANCIALS} state={state} errors={errors} />
        <Group group={CASH_AND_CHECKS} state={state} errors={errors} />
        <Rows group={FACILITIES} state={state} errors={errors} />
        <Rows group={COLLATERAL} state={state} errors={errors} />
        <Rows group={GUARANTORS} state={state} errors={errors} />
        <div class="actions">
          <button type="submit" formaction={PREVIEW_ACTION} name="action" value="preview">
            Preview the assessment
          </button>
          {view.submitAction === "/cases/new" ? (
            <button type="submit" formaction="/drafts" name="action" value="save">
              Save as draft
            </button>
          ) : null}
          <button type="submit" class="primary" name="action" value="submit">
            Submit the application
          </button>
        </div>
      </form>
    </Layout>,
  );
}
