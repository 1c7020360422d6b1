import type { PartyGraph } from "./graph";

/**
 * Strongly connected components by Tarjan's algorithm, iterative (an explicit stack of frames instead
 * of recursion, so a chain of 100,000 guarantees cannot overflow the call stack), O(nodes + edges).
 * Returns the component number of every node; components are numbered in the order they close.
 */
export function componentsOf(g: PartyGraph): { count: number; component: Int32Array } {
  const n = g.ids.length;
  const { offsets, targets } = g;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const frameNode = new Int32Array(n);
  const frameEdge = new Int32Array(n);
  let sp = 0;
  let fp = 0;
  let counter = 0;
  let count = 0;

  const enter = (v: number) => {
    index[v] = counter;
    low[v] = counter;
    counter++;
    stack[sp++] = v;
    onStack[v] = 1;
    frameNode[fp] = v;
    frameEdge[fp] = offsets[v] as number;
    fp++;
  };

  for (let root = 0; root < n; root++) {
    if ((index[root] as number) !== -1) continue;
    enter(root);
    while (fp > 0) {
      const v = frameNode[fp - 1] as number;
      const e = frameEdge[fp - 1] as number;
      if (e < (offsets[v + 1] as number)) {
        frameEdge[fp - 1] = e + 1;
        const w = targets[e] as number;
        if ((index[w] as number) === -1) enter(w);
        else if (onStack[w] === 1 && (index[w] as number) < (low[v] as number)) low[v] = index[w] as number;
        continue;
      }
      fp--;
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp] as number;
          onStack[w] = 0;
          component[w] = count;
        } while (w !== v);
        count++;
      }
      if (fp > 0) {
        const parent = frameNode[fp - 1] as number;
        if ((low[v] as number) < (low[parent] as number)) low[parent] = low[v] as number;
      }
    }
  }
  return { count, component };
}
