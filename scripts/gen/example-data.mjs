// Generator: sample data for every example folder (examples/<dir>/data/<table>.csv), so that
// `seg run examples/<dir>/segments.seg --data examples/<dir>/data --as-of 2025-07-01` works and
// every segment has members. Deterministic: a seeded PRNG per folder, a fixed as-of instant, no
// clock. Columns, types and enum values come from each folder's schema.seg through the checker;
// each folder's `people` function below only decides behaviour (personas) and realistic values.
//
// Standalone: `node scripts/gen/example-data.mjs` writes the files, `--check` reports drift.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { buildSync } from "esbuild";

const root = new URL("../../", import.meta.url);

export const name = "example-data";

/** The instant the sample data is "as of": pass it to `seg run --as-of`. */
export const AS_OF = "2025-07-01T00:00:00.000Z";
const NOW = Date.parse(AS_OF);
const DAY = 86_400_000;
const MONTHS_18 = 548;

// ---------------------------------------------------------------- the checker, for the schemas

// The checker is TypeScript; bundle it in memory (as scripts/gen/js-runtime.mjs compiles the runtime).
const checkerCode = buildSync({
  entryPoints: [new URL("src/api/check.ts", root).pathname],
  bundle: true,
  platform: "node",
  format: "esm",
  write: false,
  logLevel: "silent",
}).outputFiles[0].text;
const { check } = await import(`data:text/javascript;base64,${Buffer.from(checkerCode).toString("base64")}`);

/** The tables schema.seg declares: the entity and its event sets, with columns and types. */
function readSchema(dir) {
  const path = new URL(`examples/${dir}/schema.seg`, root).pathname;
  const result = check([path]);
  if (result.errors) throw new Error(`examples/${dir}/schema.seg has errors`);
  const symbols = [...result.program.declSymbols.values()];
  const field = (f) => ({ name: f.name, column: f.column, type: f.type, nullable: f.decl.nullable });
  const entity = symbols.find((s) => s.kind === "entity");
  const key = entity.fields.get(entity.decl.key.name);
  return {
    entity: { name: entity.name, table: entity.decl.table.value, key: key.name, fields: [...entity.fields.values()].map(field) },
    events: symbols
      .filter((s) => s.kind === "events")
      .map((s) => ({ name: s.name, table: s.decl.table.value, by: s.decl.by.name, at: s.decl.at.name, keyType: key.type, fields: [...s.fields.values()].map(field) })),
  };
}

// ---------------------------------------------------------------- randomness and time

/** FNV-1a hash of a string: the seed of a folder's generator. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32 with the helpers the specs use. */
function random(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const g = {
    next,
    float: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    /** [[value, weight], ...] */
    weighted: (pairs) => {
      const total = pairs.reduce((a, [, w]) => a + w, 0);
      let x = next() * total;
      for (const [v, w] of pairs) if ((x -= w) < 0) return v;
      return pairs[pairs.length - 1][0];
    },
    /** A number with two decimals (a price) between lo and hi. */
    money: (lo, hi) => Math.round((lo + (hi - lo) * next()) * 100) / 100,
    /** An instant between `hiDays` and `loDays` days before the as-of instant, to the second. */
    ago: (loDays, hiDays = loDays) => Math.floor((NOW - (loDays + (hiDays - loDays) * next()) * DAY) / 1000) * 1000,
    /** An instant on the given calendar day (UTC), at a random time between the hours given. */
    on: (day, fromHour = 7, toHour = 23) => Date.parse(`${day}T00:00:00Z`) + Math.floor(g.float(fromHour, toHour) * 3600) * 1000,
    /** Instants every `every` days (± jitter) from `fromDays` ago up to `toDays` ago. */
    series: (fromDays, toDays, every, jitter = 0) => {
      const out = [];
      for (let d = toDays + g.float(0, every); d <= fromDays; d += every) {
        const t = g.ago(Math.max(toDays, d + g.float(-jitter, jitter)));
        if (t < NOW) out.push(t);
      }
      return out;
    },
  };
  return g;
}

/** One instant inside each of the last `n` weeks (or `days`-long buckets) before now. */
function perBucket(g, n, days = 7, margin = 0.05) {
  return Array.from({ length: n }, (_, k) => g.ago(k * days + margin, (k + 1) * days - margin));
}

const FIRST = ["Ava", "Liam", "Noah", "Emma", "Mia", "Lucas", "Sofia", "Arjun", "Priya", "Chen", "Yuki", "Omar", "Fatima", "Lea", "Jonas", "Elena", "Mateo", "Zoe", "Ivan", "Nia", "Kofi", "Aisha", "Tom", "Grace", "Hugo", "Ines", "Ravi", "Sara", "Ben", "Maya"];
const LAST = ["Smith", "Garcia", "Muller", "Rossi", "Khan", "Wang", "Tanaka", "Silva", "Novak", "Dubois", "Jensen", "Okafor", "Patel", "Kim", "Lopez", "Brown", "Nguyen", "Cohen", "Ivanova", "Schmidt"];

function person(g) {
  const first = g.pick(FIRST);
  const last = g.pick(LAST);
  return { first, last, handle: `${first}.${last}${g.int(1, 99)}`.toLowerCase() };
}

const pad = (n, w) => String(n).padStart(w, "0");
const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);

// ---------------------------------------------------------------- CSV

function isoTime(ms) {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

function cell(value, type, where) {
  if (value === null || value === undefined) return "";
  switch (type.kind) {
    case "timestamp":
      if (typeof value !== "number") throw new Error(`${where}: timestamps are epoch ms`);
      return isoTime(value);
    case "date":
      return typeof value === "number" ? dayOf(value) : value;
    case "decimal":
      return typeof value === "number" ? value.toFixed(type.scale) : value;
    case "int":
      if (!Number.isInteger(value)) throw new Error(`${where}: ${value} is not an int`);
      return String(value);
    case "float":
      return String(Math.round(value * 1e4) / 1e4);
    case "bool":
      return value ? "true" : "false";
    case "enum":
      if (!type.values.includes(value)) throw new Error(`${where}: ${value} is not one of ${type.values.join(", ")}`);
      return quote(value);
    default:
      return quote(String(value));
  }
}

/** RFC 4180: quoted when it holds a comma, quote or line break, or could read as NULL or be trimmed. */
function quote(s) {
  return s === "" || /[",\r\n]/.test(s) || s.trim() !== s ? `"${s.replaceAll('"', '""')}"` : s;
}

function csv(header, rows) {
  return [header.map(quote).join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n";
}

/** A generic value for a field the spec left out. */
function filler(g, f) {
  if (f.nullable && g.chance(0.1)) return null;
  switch (f.type.kind) {
    case "int":
      return g.int(0, 100);
    case "float":
      return g.float(0, 1);
    case "decimal":
      return g.money(1, 500);
    case "bool":
      return g.chance(0.5);
    case "date":
      return dayOf(g.ago(0, MONTHS_18));
    case "timestamp":
      return g.ago(0, MONTHS_18);
    case "enum":
      return g.pick(f.type.values);
    default:
      return `${f.name}-${g.int(1, 50)}`;
  }
}

/** The CSV files of one folder from its people: [{ row, events: { set: [{ at, ...fields }] } }]. */
function tables(dir, schema, people, g) {
  const files = [];
  const e = schema.entity;
  const ordered = [...people].sort((a, b) => (a.row[e.key] < b.row[e.key] ? -1 : 1));
  const entityRows = ordered.map((p) =>
    e.fields.map((f) => {
      const v = f.name in p.row ? p.row[f.name] : filler(g, f);
      if ((v === null || v === undefined) && !f.nullable) throw new Error(`${dir}: ${e.name}.${f.name} is not nullable`);
      return cell(v, f.type, `${dir} ${e.name}.${f.name}`);
    }),
  );
  files.push({ table: e.table, content: csv(e.fields.map((f) => f.column), entityRows) });
  for (const s of schema.events) {
    const rows = [];
    for (const p of ordered)
      for (const ev of p.events[s.name] ?? []) {
        if (!(ev.at < NOW)) throw new Error(`${dir}: an event of ${s.name} at or after the as-of instant`);
        rows.push({ key: p.row[e.key], at: ev.at, ev });
      }
    rows.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const body = rows.map(({ key, at, ev }) => [
      cell(key, s.keyType, `${dir} ${s.name} key`),
      cell(at, { kind: "timestamp" }, `${dir} ${s.name}.at`),
      ...s.fields.map((f) => {
        const v = f.name in ev ? ev[f.name] : filler(g, f);
        if ((v === null || v === undefined) && !f.nullable) throw new Error(`${dir}: ${s.name}.${f.name} is not nullable`);
        return cell(v, f.type, `${dir} ${s.name}.${f.name}`);
      }),
    ]);
    files.push({ table: s.table, content: csv([s.by, s.at, ...s.fields.map((f) => f.column)], body) });
  }
  return files;
}

// ---------------------------------------------------------------- the folders

const SPECS = {};

SPECS.ecommerce = (g) => {
  const COUNTRIES = [["US", 40], ["GB", 12], ["DE", 10], ["FR", 8], ["CA", 8], ["AU", 6], ["IN", 6], ["BR", 6], ["NL", 4]];
  const CITIES = { US: ["New York", "Austin", "Seattle"], GB: ["London", "Leeds"], DE: ["Berlin", "Munich"], FR: ["Paris", "Lyon"], CA: ["Toronto"], AU: ["Sydney"], IN: ["Mumbai", "Pune"], BR: ["São Paulo"], NL: ["Utrecht"] };
  const CATEGORIES = [["electronics", 12], ["home", 14], ["beauty", 10], ["fashion", 16], ["sports", 8], ["toys", 6], ["books", 8], ["grocery", 10], ["Outerwear", 4]];
  const CODES = ["WELCOME10", "SPRING15", "VIP20", "FREESHIP", "BF2024", "XMAS5"];
  const people = [];
  for (let i = 0; i < 500; i++) {
    const persona = g.weighted([["weekly", 6], ["regular", 14], ["occasional", 22], ["lapsed", 16], ["dormant", 20], ["new", 6], ["deal", 6], ["drifter", 6], ["browser", 4]]);
    const who = person(g);
    const country = g.weighted(COUNTRIES);
    const signup = persona === "new" ? g.ago(5, 40) : g.ago(120, 1500);
    const row = {
      customer_id: `C${10001 + i}`,
      email: `${who.handle}@${g.pick(["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me"])}`,
      country,
      city: g.chance(0.1) ? null : g.pick(CITIES[country]),
      signup_at: signup,
      marketing_opt_in: g.chance(0.6),
      loyalty_member: signup < Date.parse("2022-01-01") ? null : g.chance(persona === "weekly" ? 0.5 : 0.3),
      lifetime_value: g.chance(0.15) ? null : persona === "lapsed" && g.chance(0.3) ? g.money(2500, 4000) : g.money(0, persona === "weekly" ? 3000 : 1200),
    };
    const times = {
      weekly: () => [...perBucket(g, 8), ...g.series(400, 56, 7, 2)],
      regular: () => g.series(MONTHS_18, 0, g.float(12, 28), 4),
      occasional: () => g.series(MONTHS_18, g.float(5, 40), g.float(45, 100), 10),
      lapsed: () => g.series(MONTHS_18, g.float(95, 170), g.float(15, 40), 5),
      dormant: () => (g.chance(0.5) ? g.series(MONTHS_18, 200, 120, 20) : []),
      new: () => [g.ago(1, Math.min(29, (NOW - signup) / DAY)), ...(g.chance(0.4) ? [g.ago(0.5, 3)] : [])],
      deal: () => g.series(MONTHS_18, 0, g.float(15, 25), 4),
      drifter: () => g.series(MONTHS_18, g.float(10, 80), g.float(50, 90), 10),
      browser: () => [],
    }[persona]().filter((t) => t > signup || persona !== "new");
    const orders = times.map((at, k) => ({
      at,
      amount: persona === "deal" ? g.money(8, 30) : persona === "weekly" ? g.money(40, 140) : g.money(15, 220),
      channel: persona === "drifter" ? g.weighted([["marketplace", 8], ["web", 2]]) : g.weighted([["web", 6], ["app", 3], ["marketplace", 1]]),
      category: g.weighted(CATEGORIES),
      // The weekly buyers' last eight weeks are all paid: the High tier needs every week.
      status: (persona === "weekly" && k < 8) || persona === "new" ? "paid" : g.weighted([["paid", 88], ["refunded", 7], ["cancelled", 5]]),
      discount_code: g.chance(persona === "deal" ? 0.75 : 0.15) ? g.pick(CODES) : null,
    }));
    // Holiday 2024: some buy gifts early, some at the last minute.
    if (persona !== "browser" && persona !== "new" && g.chance(0.25)) {
      const early = g.chance(0.5);
      const day = early ? dayOf(Date.parse("2024-10-15") + g.int(0, 46) * DAY) : dayOf(Date.parse("2024-12-15") + g.int(0, 9) * DAY);
      orders.push({ at: g.on(day), amount: g.money(20, 120), channel: "web", category: "gifts", status: "paid", discount_code: g.chance(0.3) ? "XMAS5" : null });
    }
    // Winter coats: two or more outerwear orders between November and February.
    if (persona !== "browser" && persona !== "new" && g.chance(0.08)) {
      for (const day of ["2024-11-12", "2025-01-20", "2025-02-08"].slice(0, g.int(2, 3)))
        orders.push({ at: g.on(day), amount: g.money(80, 260), channel: "web", category: g.pick(["outerwear", "Outerwear Sale"]), status: "paid", discount_code: null });
    }
    const cart_events = [];
    for (const o of orders)
      if (g.chance(0.3)) {
        cart_events.push({ at: o.at - g.int(600, 3600) * 1000, action: "add", item_value: o.amount });
        cart_events.push({ at: o.at - g.int(60, 500) * 1000, action: "checkout_started", item_value: o.amount });
      }
    // Abandoned checkouts in the last week, after the latest order.
    const latest = Math.max(signup, ...orders.map((o) => o.at));
    if (persona !== "dormant" && g.chance(0.06)) {
      const at = Math.max(latest + 3600_000, g.ago(0.2, 6.5));
      if (at < NOW) cart_events.push({ at, action: "checkout_started", item_value: g.money(20, 300) });
    }
    if (persona === "browser") for (let k = 0; k < 3; k++) cart_events.push({ at: g.ago(1, 200), action: g.pick(["add", "remove"]), item_value: g.money(5, 90) });
    people.push({ row, events: { orders, cart_events } });
  }
  return people;
};

// ---------------------------------------------------------------- entry points

const folders = () =>
  readdirSync(new URL("examples/", root))
    .filter((d) => existsSync(new URL(`examples/${d}/schema.seg`, root)))
    .sort();

/** Every folder's data files: [{ path, content }]. Throws when a folder has no spec. */
export function outputs() {
  const out = [];
  for (const dir of folders()) {
    const spec = SPECS[dir];
    if (!spec && process.env.SEG_DEV_PARTIAL) continue; // DEVTODO remove
    if (!spec) throw new Error(`scripts/gen/example-data.mjs: no sample-data spec for examples/${dir}`);
    const g = random(hash(dir));
    const schema = readSchema(dir);
    for (const f of tables(dir, schema, spec(g, schema), g)) out.push({ path: `examples/${dir}/data/${f.table}.csv`, content: f.content });
  }
  return out;
}

export default { name, outputs };

// `node scripts/gen/example-data.mjs [--check]`
if (import.meta.url === new URL(process.argv[1], "file://").href) {
  const check = process.argv.includes("--check");
  let drift = 0;
  for (const o of outputs()) {
    const file = new URL(o.path, root);
    const old = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    if (old === o.content) continue;
    if (check) {
      drift++;
      console.error(`${o.path} is out of date`);
    } else {
      mkdirSync(new URL(".", file), { recursive: true });
      writeFileSync(file, o.content);
      console.log(`wrote ${o.path} (${(o.content.length / 1024).toFixed(0)} KB)`);
    }
  }
  if (check && drift) {
    console.error("run: node scripts/gen/example-data.mjs");
    process.exitCode = 1;
  }
}
