// Renders a run's summary: a table for people, or JSON in one fixed shape for programs.
import { formatCount } from "./errors.js";
import type { EntitySummary, RunResult } from "./run.js";

type Ok = Extract<RunResult, { ok: true }>;

/** `{ population, segments, segmentations, overlaps }`; keys in declaration order. */
export function summaryJson(e: EntitySummary): Record<string, unknown> {
  return {
    population: e.population,
    segments: Object.fromEntries(e.segments.map((s) => [s.name, { size: s.size, share: s.share }])),
    segmentations: Object.fromEntries(
      e.segmentations.map((s) => [
        s.name,
        Object.fromEntries([
          ...s.tiers.map((t) => [t.name, t.size] as const),
          ...(s.none === null ? [] : [["(none)", s.none] as const]),
        ]),
      ]),
    ),
    overlaps: e.overlaps.map((o) => ({ a: o.a, b: o.b, size: o.size, jaccard: o.jaccard })),
  };
}

/** One entity: the object itself; several: an array of them, each with its `entity` first. */
export function formatRunJson(r: Ok): string {
  const body =
    r.entities.length === 1
      ? summaryJson(r.entities[0]!)
      : r.entities.map((e) => ({ entity: e.entity, ...summaryJson(e) }));
  return `${JSON.stringify(body, null, 2)}\n`;
}

const pct = (x: number | null): string =>
  x === null ? "-" : x > 0 && x < 0.0005 ? "<0.1%" : `${(x * 100).toFixed(1)}%`;

/** Aligned columns: the first left-aligned, the rest right-aligned. */
function table(rows: readonly (readonly string[])[], indent = "  "): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
        .join("   ")
        .trimEnd(),
  );
}

export function formatRunText(r: Ok, file: string): string {
  const out: string[] = [];
  const when = r.asOf
    ? `as of ${r.asOf
        .replace("T", " ")
        .replace(/\.000Z$/, "")
        .replace(/Z$/, "")} UTC`
    : "as of now (the engine clock)";
  out.push(`${file}, ${when}`);
  if (!r.entities.length) out.push("", "no segments or segmentations to evaluate");
  for (const e of r.entities) {
    const pop = e.population;
    out.push("", `${e.entity}: ${formatCount(pop)} member${pop === 1 ? "" : "s"}`);
    if (e.segments.length) {
      out.push(
        "",
        ...table([
          ["segment", "members", "share"],
          ...e.segments.map((s) => [s.name, formatCount(s.size), pct(s.share)]),
        ]),
      );
    }
    for (const s of e.segmentations) {
      const rows = s.tiers.map((t) => [t.name, formatCount(t.size), pct(pop ? t.size / pop : null)]);
      if (s.none !== null) rows.push(["(no tier)", formatCount(s.none), pct(pop ? s.none / pop : null)]);
      out.push("", ...table([[s.name, "members", "share"], ...rows]));
    }
    const shown = e.overlaps.filter((o) => o.size > 0);
    if (e.overlaps.length) {
      out.push("", "overlaps (members in both, Jaccard index)");
      if (shown.length)
        out.push(
          ...table(
            shown.map((o) => [`${o.a} & ${o.b}`, formatCount(o.size), o.jaccard === null ? "-" : o.jaccard.toFixed(3)]),
          ),
        );
      const rest = e.overlaps.length - shown.length;
      if (rest) out.push(`  ${shown.length ? "the other " : ""}${rest} pair${rest === 1 ? "" : "s"} share no members`);
    }
  }
  return `${out.join("\n")}\n`;
}
