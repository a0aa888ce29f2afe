// Tokenizes Seg text with the TextMate grammar (grammar/seg.tmLanguage.json) the way VS Code does
// (vscode-textmate + the oniguruma WASM build) and checks the scopes given to each construct.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import textmate from "vscode-textmate";
import type { IGrammar, StateStack } from "vscode-textmate";
import oniguruma from "vscode-oniguruma";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const grammarPath = path.join(root, "grammar/seg.tmLanguage.json");
const wasmPath = path.join(root, "node_modules/vscode-oniguruma/release/onig.wasm");

interface Token {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

let grammar: IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(wasmPath);
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === "source.seg" ? textmate.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath) : null,
  });
  const loaded = await registry.loadGrammar("source.seg");
  if (!loaded) throw new Error("grammar source.seg did not load");
  grammar = loaded;
});

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let stack: StateStack = textmate.INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, stack);
    for (const t of result.tokens) {
      const end = Math.min(t.endIndex, lineText.length);
      tokens.push({ line, start: t.startIndex, end, text: lineText.slice(t.startIndex, end), scopes: t.scopes });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

/**
 * The scopes of `needle`, found inside the `nth` occurrence of `context` in `source`.
 * Every token that overlaps the needle must carry the same scopes (so the needle is scoped as a whole).
 */
function scopesOf(source: string, context: string, needle: string = context, nth = 0): readonly string[] {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = source.indexOf(context, at + 1);
    if (at < 0) throw new Error(`context ${JSON.stringify(context)} (#${nth}) not in source`);
  }
  // A word needle matches a whole word of the context if it can (`at` is not found inside `latest`).
  const word = /^\w+$/.test(needle) ? context.search(new RegExp(`(?<!\\w)${needle}(?!\\w)`)) : -1;
  const inner = word >= 0 ? word : context.indexOf(needle);
  if (inner < 0) throw new Error(`needle ${JSON.stringify(needle)} not in ${JSON.stringify(context)}`);
  const offset = at + inner;
  const before = source.slice(0, offset);
  const line = before.split("\n").length - 1;
  const column = offset - (before.lastIndexOf("\n") + 1);
  const overlapping = tokenize(source).filter(
    (t) => t.line === line && t.start < column + needle.length && t.end > column,
  );
  const first = overlapping[0];
  if (!first) throw new Error(`no token at ${line}:${column}`);
  for (const t of overlapping) {
    if (t.scopes.join(" ") !== first.scopes.join(" ")) {
      throw new Error(
        `${JSON.stringify(needle)} is split into differently scoped tokens: ` +
          overlapping.map((o) => `${JSON.stringify(o.text)} [${o.scopes.join(" ")}]`).join(", "),
      );
    }
  }
  return first.scopes;
}

/** The innermost scope of `needle` (see scopesOf). */
function scopeOf(source: string, context: string, needle: string = context, nth = 0): string {
  return scopesOf(source, context, needle, nth).at(-1) ?? "";
}

function invalidTokens(source: string): string[] {
  return tokenize(source)
    .filter((t) => t.scopes.some((s) => s.startsWith("invalid")))
    .map((t) => `${t.line + 1}:${t.start + 1} ${JSON.stringify(t.text)} [${t.scopes.join(" ")}]`);
}

const schema = `// schema.seg: what the warehouse holds
/// The people we market to.
entity customer from "analytics.customers" key id {
  id: string
  age: int?
  country: string
  signup_at: timestamp
  birthday: date?
  plan: enum("free", "pro", "enterprise")
  has_children: bool?
  risk_score: float?
  /// Field names may be contextual keywords.
  key: string from "KEY"
  window: int from "window_days"
  last: timestamp?
  from: string
}

events orders of customer from "analytics.orders" by customer_id at ordered_at {
  amount: decimal(2)
  channel: enum("web", "app", "store", "email")
  category: string
  status: enum("paid", "refunded", "cancelled")
}

events sessions of customer from 'analytics.sessions' by "CUSTOMER-ID" at started_at {
  device: enum("mobile", "desktop", "tablet")
  duration_s: int from "duration_seconds"
}
`;

const segments = `// segments.seg
import "./schema.seg"

default window last 90 days

/// Total paid spend over the customer's whole history.
measure spend = sum(orders.amount where status = "paid")

param min_spend: decimal = 1_000_000

/* A block comment
   over two lines. */
segment LoyalHighValue where orders >= 4 per month and spend > min_spend

segment AtRisk for customer where latest(orders.at) < 60 days ago and spend in top 20%

segment Recent where earliest(orders.at) within last 30 days and risk_score < 12.5 and share(orders where channel = "email") > 2.5%

segment Named where lower(country) in ("de", 'at') and city is not null and city starts with "Ber" and not (age between 18 and 30)

segment Dated where signup_at >= date "2024-12-01" and signup_at < timestamp '2025-01-01T00:00:00Z' and true != false

segment Lapsed where any(orders) over from 180 days ago to 90 days ago and none(orders) over last 90 days

/// Purchase frequency tiers; the first branch that holds wins.
segmentation PurchaseFrequency for customer {
  High    where orders >= 1 every week over last 8 weeks
  Medium  where count(orders where at within last 7 days) >= 2 per month over last 3 months
  Regular where orders >= 1 in at least 6 of 8 weeks
  Low     where any(orders) over last 6 months
  Churned otherwise
}

segment WinBack where PurchaseFrequency.Churned and spend in bottom 10% and days_since(signup_at) > 1 year
segment Escapes where country = "a\\\\b\\"c\\'d\\n\\t\\u{1F600}" or country = 'it\\'s'
segment Rounded where round(avg(orders.amount), 2) > 10 and coalesce(age, 0) >= 18 and now > date(signup_at)
`;

describe("TextMate grammar: source.seg", () => {
  it("is valid JSON with the expected scope name", () => {
    const raw = JSON.parse(readFileSync(grammarPath, "utf8")) as { scopeName: string; name: string };
    expect(raw.scopeName).toBe("source.seg");
    expect(raw.name).toBe("Seg");
  });

  it("marks nothing invalid in well-formed samples", () => {
    expect(invalidTokens(schema)).toEqual([]);
    expect(invalidTokens(segments)).toEqual([]);
  });

  it("scopes comments and doc comments", () => {
    expect(scopeOf(segments, "// segments.seg", " segments.seg")).toBe("comment.line.double-slash.seg");
    expect(scopeOf(segments, "// segments.seg", "//")).toBe("punctuation.definition.comment.seg");
    expect(scopesOf(segments, "/// Total paid spend", " Total paid spend")).toContain("comment.line.documentation.seg");
    expect(scopesOf(segments, "/// Total paid spend", "///")).toContain("comment.line.documentation.seg");
    expect(scopesOf(schema, "/// Field names may be contextual keywords.", " Field names")).toContain(
      "comment.line.documentation.seg",
    );
    expect(scopeOf(segments, "A block comment")).toBe("comment.block.seg");
    expect(scopeOf(segments, "over two lines.")).toBe("comment.block.seg");
    expect(scopeOf(segments, "over two lines. */", "*/")).toBe("punctuation.definition.comment.end.seg");
    // Code inside a comment is not highlighted as code; code after a block comment is.
    expect(scopeOf("/* segment X where */ segment Y where x = 1", "segment X")).toBe("comment.block.seg");
    expect(scopeOf("/* segment X where */ segment Y where x = 1", "segment Y", "segment")).toBe("storage.type.seg");
    expect(scopeOf("segment Y where x = 1 // x = 2", "x = 2")).toBe("comment.line.double-slash.seg");
    expect(scopesOf("//// not a doc comment", "not a doc")).not.toContain("comment.line.documentation.seg");
  });

  it("scopes declaration keywords", () => {
    for (const word of ["entity", "events"]) expect(scopeOf(schema, `${word} `, word)).toBe("storage.type.seg");
    for (const word of ["measure", "param", "segment", "segmentation"]) {
      expect(scopeOf(segments, `${word} `, word)).toBe("storage.type.seg");
    }
    expect(scopeOf(segments, 'import "./schema.seg"', "import")).toBe("keyword.other.seg");
    expect(scopeOf(segments, "default window", "default")).toBe("keyword.other.seg");
    expect(scopeOf(segments, "default window", "window")).toBe("keyword.other.seg");
    expect(scopeOf(schema, 'customer from "analytics', "from")).toBe("keyword.other.seg");
    expect(scopeOf(schema, "key id {", "key")).toBe("keyword.other.seg");
    expect(scopeOf(schema, "orders of customer", "of")).toBe("keyword.other.seg");
    expect(scopeOf(schema, "by customer_id", "by")).toBe("keyword.other.seg");
    expect(scopeOf(schema, "at ordered_at", "at")).toBe("keyword.other.seg");
    expect(scopeOf(schema, 'by "CUSTOMER-ID" at started_at', "by")).toBe("keyword.other.seg");
    expect(scopeOf(schema, 'int from "duration_seconds"', "from")).toBe("keyword.other.seg");
    expect(scopeOf(segments, "spend = sum(orders.amount where", "where")).toBe("keyword.other.seg");
    expect(scopeOf(segments, "AtRisk for customer", "for")).toBe("keyword.other.seg");
    expect(scopeOf(segments, "Churned otherwise", "otherwise")).toBe("keyword.other.seg");
    expect(scopeOf(segments, "High    where", "where")).toBe("keyword.other.seg");
    expect(scopeOf(segments, "over from 180 days", "from")).toBe("keyword.other.seg");
  });

  it("scopes declared names", () => {
    expect(scopeOf(schema, "entity customer", "customer")).toBe("entity.name.type.seg");
    expect(scopeOf(schema, "events orders", "orders")).toBe("entity.name.type.seg");
    expect(scopeOf(schema, "events sessions", "sessions")).toBe("entity.name.type.seg");
    expect(scopeOf(schema, "orders of customer", "customer")).toBe("entity.name.type.seg");
    expect(scopeOf(segments, "AtRisk for customer", "customer")).toBe("entity.name.type.seg");
    expect(scopeOf(segments, "measure spend", "spend")).toBe("entity.name.function.seg");
    expect(scopeOf(segments, "segment LoyalHighValue", "LoyalHighValue")).toBe("entity.name.function.seg");
    expect(scopeOf(segments, "segment AtRisk", "AtRisk")).toBe("entity.name.function.seg");
    expect(scopeOf(segments, "segmentation PurchaseFrequency", "PurchaseFrequency")).toBe("entity.name.function.seg");
    expect(scopeOf(segments, "param min_spend", "min_spend")).toBe("variable.parameter.seg");
    // Segmentation branches (tiers).
    for (const branch of ["High", "Medium", "Regular", "Low", "Churned"]) {
      expect(scopeOf(segments, `  ${branch} `, branch)).toBe("variable.other.enummember.seg");
    }
    expect(scopesOf(segments, "  High    where", "High")).toContain("meta.segmentation.seg");
    // `orders where` inside an aggregate is not a branch.
    expect(scopeOf(segments, "count(orders where", "orders")).not.toBe("variable.other.enummember.seg");
    // Branches on one line, and a segmentation whose brace is on the next line.
    const oneLine = "segmentation S { A where x > 1 B where count(e where y = 2) > 0 C otherwise }\nsegment T where x";
    expect(scopeOf(oneLine, "A where", "A")).toBe("variable.other.enummember.seg");
    expect(scopeOf(oneLine, "B where", "B")).toBe("variable.other.enummember.seg");
    expect(scopeOf(oneLine, "C otherwise", "C")).toBe("variable.other.enummember.seg");
    expect(scopeOf(oneLine, "e where", "e")).not.toBe("variable.other.enummember.seg");
    expect(scopesOf(oneLine, "segment T", "T")).toEqual(["source.seg", "entity.name.function.seg"]);
    const split = "segmentation S\n{\n  Top where x > 1\n  Rest otherwise\n}\nsegment T where x";
    expect(scopeOf(split, "Top")).toBe("variable.other.enummember.seg");
    expect(scopeOf(split, "Rest")).toBe("variable.other.enummember.seg");
    expect(scopesOf(split, "segment T", "segment")).toEqual(["source.seg", "storage.type.seg"]);
  });

  it("recovers after an unclosed segmentation body or parenthesis", () => {
    const broken = "segmentation S {\n  A where count(orders\nsegment T where x = 1\nmeasure m = 2";
    expect(scopesOf(broken, "segment T", "segment")).toEqual(["source.seg", "storage.type.seg"]);
    expect(scopesOf(broken, "measure m", "measure")).toEqual(["source.seg", "storage.type.seg"]);
    expect(scopesOf(broken, "measure m = 2", "2")).toEqual(["source.seg", "constant.numeric.seg"]);
  });

  it("scopes field names in declarations, contextual keywords included", () => {
    for (const field of ["id", "age", "country", "signup_at", "plan", "amount", "channel", "duration_s"]) {
      expect(scopeOf(schema + segments, `  ${field}: `, field)).toBe("variable.other.property.seg");
    }
    for (const field of ["key", "window", "last", "from"]) {
      expect(scopeOf(schema, `  ${field}: `, field)).toBe("variable.other.property.seg");
    }
    expect(scopeOf(schema, "  id: string", ":")).toBe("punctuation.separator.key-value.seg");
    const contextual = `entity e from "t" key id {
  at: timestamp
  key: string
  by: string
  of: int
  window: int
  from: string from "FROM"
  last: timestamp
  where: string
  default: bool
}
events x of e from "t" by by at at { key: string  window: int }`;
    for (const field of ["at", "key", "by", "of", "window", "from", "last", "where", "default"]) {
      expect(scopeOf(contextual, `  ${field}: `, field)).toBe("variable.other.property.seg");
    }
    expect(scopeOf(contextual, "{ key: string", "key")).toBe("variable.other.property.seg");
    expect(scopeOf(contextual, "window: int }", "window")).toBe("variable.other.property.seg");
    // ...while in their keyword positions they stay keywords.
    expect(scopeOf(contextual, 'string from "FROM"', "from")).toBe("keyword.other.seg");
    expect(scopeOf(contextual, "by by at at", "by")).toBe("keyword.other.seg");
    expect(scopeOf(contextual, "by by at at", "at")).toBe("keyword.other.seg");
    expect(scopeOf(contextual, "by at at", "by")).toBe("variable.other.property.seg");
    expect(scopeOf(contextual, " at {", "at")).toBe("variable.other.property.seg");
    // Columns named after key/by/at.
    expect(scopeOf(schema, "key id {", "id")).toBe("variable.other.property.seg");
    expect(scopeOf(schema, "by customer_id", "customer_id")).toBe("variable.other.property.seg");
    expect(scopeOf(schema, "at ordered_at", "ordered_at")).toBe("variable.other.property.seg");
  });

  it("scopes member access", () => {
    expect(scopeOf(segments, "orders.amount where", "amount")).toBe("variable.other.property.seg");
    expect(scopeOf(segments, "orders.amount where", ".")).toBe("punctuation.accessor.seg");
    expect(scopeOf(segments, "orders.amount where", "orders")).toBe("variable.other.object.seg");
    expect(scopeOf(segments, "latest(orders.at)", "at")).toBe("variable.other.property.seg");
    expect(scopeOf(segments, "PurchaseFrequency.Churned", "Churned")).toBe("variable.other.property.seg");
    const src = "segment S where e.last > now and e.window = 1 and customer.key = 'k' and e.from = 'x'";
    for (const field of ["last", "window", "key", "from"]) {
      expect(scopeOf(src, `.${field}`, field)).toBe("variable.other.property.seg");
    }
    // A bare contextual word used as a field inside a filter is not a keyword.
    const filter = "segment S where count(orders where at within last 7 days and key = 'x') > 1";
    expect(scopeOf(filter, "where at within", "at")).not.toMatch(/^keyword/);
    expect(scopeOf(filter, "and key =", "key")).not.toMatch(/^keyword/);
    expect(scopeOf(filter, "at within", "within")).toBe("keyword.operator.seg");
  });

  it("scopes word operators and symbolic operators", () => {
    const words: [string, string][] = [
      ["orders >= 4 per month and spend", "and"],
      ['city is not null and city starts with "Ber"', "is"],
      ['city is not null and city starts with "Ber"', "not"],
      ['city starts with "Ber"', "starts"],
      ['city starts with "Ber"', "with"],
      ["in (\"de\", 'at')", "in"],
      ["not (age between 18 and 30)", "not"],
      ["age between 18", "between"],
      ["within last 30 days", "within"],
      ["within last 30 days", "last"],
      ["over last 90 days", "over"],
      ["4 per month", "per"],
      ["every week", "every"],
      ["60 days ago", "ago"],
      ["in top 20%", "top"],
      ["in bottom 10%", "bottom"],
      ["in at least 6 of 8 weeks", "at"],
      ["in at least 6 of 8 weeks", "least"],
      ["from 180 days ago to 90 days ago", "to"],
      ['country = "a', "="],
      ["orders >= 4", ">="],
      ["> min_spend", ">"],
      ["< 60 days", "<"],
      ["true != false", "!="],
      ["age: int?", "?"],
    ];
    for (const [context, word] of words) {
      expect(scopeOf(schema + segments, context, word), `${word} in ${context}`).toBe("keyword.operator.seg");
    }
    expect(scopeOf("segment S where x contains 'a' or y ends with 'b' and x + 1 - 2 * 3 / 4 <= 5", "contains")).toBe(
      "keyword.operator.seg",
    );
    expect(scopeOf("segment S where x contains 'a' or y ends with 'b'", "or")).toBe("keyword.operator.seg");
    expect(scopeOf("segment S where x contains 'a' or y ends with 'b'", "ends")).toBe("keyword.operator.seg");
    for (const op of ["+", "-", "*", "/", "<="]) {
      expect(scopeOf("segment S where x + 1 - 2 * 3 / 4 <= 5", ` ${op} `, op)).toBe("keyword.operator.seg");
    }
  });

  it("scopes constants", () => {
    for (const word of ["true", "false"])
      expect(scopeOf(segments, "true != false", word)).toBe("constant.language.seg");
    expect(scopeOf(segments, "is not null", "null")).toBe("constant.language.seg");
    expect(scopeOf(segments, "now > date(", "now")).toBe("constant.language.seg");
  });

  it("scopes strings and escapes", () => {
    expect(scopeOf(schema, '"analytics.customers"', "analytics.customers")).toBe("string.quoted.double.seg");
    expect(scopeOf(schema, '"analytics.customers"', '"')).toBe("punctuation.definition.string.begin.seg");
    expect(scopeOf(schema, "'analytics.sessions'", "analytics.sessions")).toBe("string.quoted.single.seg");
    expect(scopeOf(segments, '"./schema.seg"', "./schema.seg")).toBe("string.quoted.double.seg");
    for (const escape of ["\\\\", '\\"', "\\'", "\\n", "\\t", "\\u{1F600}"]) {
      expect(scopeOf(segments, escape, escape), escape).toBe("constant.character.escape.seg");
      expect(scopesOf(segments, escape, escape)).toContain("string.quoted.double.seg");
    }
    expect(scopeOf(segments, "'it\\'s'", "\\'")).toBe("constant.character.escape.seg");
    expect(scopesOf(segments, "'it\\'s'", "\\'")).toContain("string.quoted.single.seg");
    // Keywords and numbers inside strings are just string content.
    expect(scopeOf('segment S where x = "segment where 30 days"', "segment where 30 days")).toBe(
      "string.quoted.double.seg",
    );
  });

  it("marks invalid escapes and unterminated strings", () => {
    const bad = 'segment S where x = "a\\qb" or y = "\\u{}" or z = "\\u{12345678}" or w = \'\\x\'';
    expect(scopeOf(bad, "\\q")).toMatch(/^invalid\.illegal/);
    expect(scopeOf(bad, "\\u{}")).toMatch(/^invalid\.illegal/);
    expect(scopeOf(bad, "\\u{12345678}")).toMatch(/^invalid\.illegal/);
    expect(scopeOf(bad, "\\x")).toMatch(/^invalid\.illegal/);
    expect(scopeOf(bad, "a\\qb", "a")).toBe("string.quoted.double.seg");
    // An unterminated string ends at the end of its line and does not swallow the next one.
    const open = 'segment S where x = "abc\nsegment T where y = 1';
    expect(scopeOf(open, "abc", "c")).toMatch(/^invalid\.illegal/);
    expect(scopesOf(open, "segment T", "segment")).toEqual(["source.seg", "storage.type.seg"]);
  });

  it("scopes numbers, percents and durations", () => {
    expect(scopeOf(segments, "1_000_000")).toBe("constant.numeric.seg");
    expect(scopeOf(segments, "12.5")).toBe("constant.numeric.seg");
    expect(scopeOf(segments, ">= 4 per", "4")).toBe("constant.numeric.seg");
    expect(scopeOf(segments, "top 20%", "20%")).toBe("constant.numeric.seg");
    expect(scopeOf(segments, "> 2.5%", "2.5%")).toBe("constant.numeric.seg");
    expect(scopeOf(segments, "bottom 10%", "10%")).toBe("constant.numeric.seg");
    expect(scopeOf(schema, "decimal(2)", "2")).toBe("constant.numeric.seg");
    const durations: [string, string, string][] = [
      ["last 90 days", "90", "days"],
      ["60 days ago", "60", "days"],
      ["within last 30 days", "30", "days"],
      ["over last 8 weeks", "8", "weeks"],
      ["over last 6 months", "6", "months"],
      ["> 1 year", "1", "year"],
      ["of 8 weeks", "8", "weeks"],
    ];
    for (const [context, amount, unit] of durations) {
      expect(scopeOf(segments, context, amount), context).toBe("constant.numeric.seg");
      expect(scopeOf(segments, context, unit), context).toBe("keyword.other.unit.seg");
    }
    const units =
      "segment S where x > 1 minute and x > 2 minutes and x > 1 hour and x > 3 hours and x > 1 day and x > 1 quarter and x > 2 quarters and x > 1_000 years";
    for (const unit of ["minute", "minutes", "hour", "hours", "day", "quarter", "quarters", "years"]) {
      expect(scopeOf(units, ` ${unit} `.trimEnd(), unit), unit).toBe("keyword.other.unit.seg");
    }
    expect(scopeOf(units, "1_000 years", "1_000")).toBe("constant.numeric.seg");
    // Bare units after `per` and `every`.
    expect(scopeOf(segments, "per month", "month")).toBe("keyword.other.unit.seg");
    expect(scopeOf(segments, "every week", "week")).toBe("keyword.other.unit.seg");
  });

  it("scopes type names and typed literals", () => {
    const types: [string, string][] = [
      ["id: string", "string"],
      ["age: int?", "int"],
      ["signup_at: timestamp", "timestamp"],
      ["birthday: date?", "date"],
      ["has_children: bool?", "bool"],
      ["risk_score: float?", "float"],
      ["plan: enum(", "enum"],
      ["amount: decimal(2)", "decimal"],
    ];
    for (const [context, type] of types) expect(scopeOf(schema, context, type), context).toBe("support.type.seg");
    expect(scopeOf(segments, "min_spend: decimal", "decimal")).toBe("support.type.seg");
    expect(scopeOf(segments, 'date "2024-12-01"', "date")).toBe("support.type.seg");
    expect(scopeOf(segments, 'date "2024-12-01"', "2024-12-01")).toBe("string.quoted.double.seg");
    expect(scopeOf(segments, "timestamp '2025-01-01T00:00:00Z'", "timestamp")).toBe("support.type.seg");
    expect(scopeOf(segments, "timestamp '2025-01-01T00:00:00Z'", "2025-01-01T00:00:00Z")).toBe(
      "string.quoted.single.seg",
    );
  });

  it("scopes aggregate and function names before a parenthesis", () => {
    const calls = [
      "sum",
      "latest",
      "earliest",
      "share",
      "lower",
      "any",
      "none",
      "count",
      "days_since",
      "round",
      "avg",
      "coalesce",
    ];
    for (const name of calls) expect(scopeOf(segments, `${name}(`, name), name).toBe("support.function.seg");
    expect(scopeOf(segments, "now > date(", "date")).toBe("support.function.seg");
    const more =
      "measure m = min(e.x) + max(e.x) + distinct_count(e.c) + length(upper(trim(s))) + abs(year(t) - month(t) + day(t) + hour(t) + day_of_week(t)) + days_between(a, b)\nmeasure n = most_frequent(e.c)";
    for (const name of ["min", "max", "distinct_count", "length", "upper", "trim", "abs", "year", "month"]) {
      expect(scopeOf(more, `${name}(`, name), name).toBe("support.function.seg");
    }
    for (const name of ["day", "hour", "day_of_week", "days_between", "most_frequent"]) {
      expect(scopeOf(more, ` ${name}(`, name), name).toBe("support.function.seg");
    }
    // Without a parenthesis these words are not function names.
    expect(scopeOf("segment S where count > 1 and month = 2", "count")).not.toBe("support.function.seg");
    expect(scopeOf("segment S where count > 1 and month = 2", "month")).not.toBe("support.function.seg");
  });
});

function segFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".seg"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

describe("TextMate grammar on the example projects", () => {
  const files = segFiles(path.join(root, "examples"));
  it.skipIf(files.length === 0)("tokenizes every examples/**/*.seg with no invalid token", () => {
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(invalidTokens(text), path.relative(root, file)).toEqual([]);
      expect(tokenize(text).length).toBeGreaterThan(0);
    }
  });
});
