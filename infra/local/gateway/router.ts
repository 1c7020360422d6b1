import type { Route } from "./types";

type Segment =
  | { kind: "literal"; value: string }
  | { kind: "param"; name: string }
  | { kind: "greedy"; name: string };

export interface CompiledRoute {
  route: Route;
  routeKey: string;
  segments: Segment[];
}

export interface RouteMatch {
  compiled: CompiledRoute;
  pathParameters: Record<string, string> | undefined;
}

function parseSegments(path: string): Segment[] {
  const parts = path.split("/").filter((p) => p !== "");
  return parts.map((part, i): Segment => {
    const greedy = /^\{([A-Za-z0-9_]+)\+\}$/.exec(part);
    if (greedy?.[1]) {
      if (i !== parts.length - 1) throw new Error(`greedy path variable must be last: ${path}`);
      return { kind: "greedy", name: greedy[1] };
    }
    const param = /^\{([A-Za-z0-9_]+)\}$/.exec(part);
    if (param?.[1]) return { kind: "param", name: param[1] };
    return { kind: "literal", value: part };
  });
}

const RANK: Record<Segment["kind"], number> = { literal: 0, param: 1, greedy: 2 };

/** API Gateway prefers the most specific route: literal beats `{x}` beats `{x+}`, segment by segment. */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const sa = a.segments[i];
    const sb = b.segments[i];
    if (!sa || !sb) return sa ? -1 : 1;
    const d = RANK[sa.kind] - RANK[sb.kind];
    if (d !== 0) return d;
  }
  if (a.route.method === b.route.method) return 0;
  return a.route.method === "ANY" ? 1 : b.route.method === "ANY" ? -1 : 0;
}

export function compileRoutes(routes: readonly Route[]): CompiledRoute[] {
  const seen = new Set<string>();
  const compiled = routes.map((route) => {
    const routeKey = `${route.method} ${route.path}`;
    if (seen.has(routeKey)) throw new Error(`duplicate route ${routeKey}`);
    seen.add(routeKey);
    return { route, routeKey, segments: parseSegments(route.path) };
  });
  return compiled.sort(bySpecificity);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const part = parts[i];
    if (!seg) return undefined;
    if (seg.kind === "greedy") {
      if (part === undefined) return undefined;
      params[seg.name] = parts.slice(i).map(decode).join("/");
      return params;
    }
    if (part === undefined) return undefined;
    if (seg.kind === "literal" && seg.value !== part) return undefined;
    if (seg.kind === "param") params[seg.name] = decode(part);
  }
  return parts.length === segments.length ? params : undefined;
}

export function matchRoute(
  compiled: readonly CompiledRoute[],
  method: string,
  rawPath: string,
): RouteMatch | undefined {
  const parts = rawPath.split("/").filter((p) => p !== "");
  for (const c of compiled) {
    if (c.route.method !== "ANY" && c.route.method !== method) continue;
    const params = matchSegments(c.segments, parts);
    if (params) return { compiled: c, pathParameters: Object.keys(params).length > 0 ? params : undefined };
  }
  return undefined;
}
