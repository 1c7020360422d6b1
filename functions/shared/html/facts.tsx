import type { ComponentChildren } from "preact";

export type Fact = readonly [label: string, value: ComponentChildren];

/** Label and value pairs: side by side on a wide screen, the label above its value on a phone. */
export function Facts({ facts, class: cls }: { facts: readonly Fact[]; class?: string }) {
  return (
    <dl class={cls ? `facts ${cls}` : "facts"}>
      {facts.map(([label, value]) => (
        <div>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
