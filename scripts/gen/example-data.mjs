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
    entity: {
      name: entity.name,
      table: entity.decl.table.value,
      key: key.name,
      fields: [...entity.fields.values()].map(field),
    },
    events: symbols
      .filter((s) => s.kind === "events")
      .map((s) => ({
        name: s.name,
        table: s.decl.table.value,
        by: s.decl.by.name,
        at: s.decl.at.name,
        keyType: key.type,
        fields: [...s.fields.values()].map(field),
      })),
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
    /** { value: weight, ... } (values are text) or [[value, weight], ...]. */
    weighted: (spec) => {
      const pairs = Array.isArray(spec) ? spec : Object.entries(spec);
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
    on: (day, fromHour = 7, toHour = 23) =>
      Date.parse(`${day}T00:00:00Z`) + Math.floor(g.float(fromHour, toHour) * 3600) * 1000,
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

const FIRST = [
  "Ava",
  "Liam",
  "Noah",
  "Emma",
  "Mia",
  "Lucas",
  "Sofia",
  "Arjun",
  "Priya",
  "Chen",
  "Yuki",
  "Omar",
  "Fatima",
  "Lea",
  "Jonas",
  "Elena",
  "Mateo",
  "Zoe",
  "Ivan",
  "Nia",
  "Kofi",
  "Aisha",
  "Tom",
  "Grace",
  "Hugo",
  "Ines",
  "Ravi",
  "Sara",
  "Ben",
  "Maya",
];
const LAST = [
  "Smith",
  "Garcia",
  "Muller",
  "Rossi",
  "Khan",
  "Wang",
  "Tanaka",
  "Silva",
  "Novak",
  "Dubois",
  "Jensen",
  "Okafor",
  "Patel",
  "Kim",
  "Lopez",
  "Brown",
  "Nguyen",
  "Cohen",
  "Ivanova",
  "Schmidt",
];

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
      if ((v === null || v === undefined) && !f.nullable)
        throw new Error(`${dir}: ${e.name}.${f.name} is not nullable`);
      return cell(v, f.type, `${dir} ${e.name}.${f.name}`);
    }),
  );
  files.push({
    table: e.table,
    content: csv(
      e.fields.map((f) => f.column),
      entityRows,
    ),
  });
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
        if ((v === null || v === undefined) && !f.nullable)
          throw new Error(`${dir}: ${s.name}.${f.name} is not nullable`);
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
  const COUNTRIES = { US: 40, GB: 12, DE: 10, FR: 8, CA: 8, AU: 6, IN: 6, BR: 6, NL: 4 };
  const CITIES = {
    US: ["New York", "Austin", "Seattle"],
    GB: ["London", "Leeds"],
    DE: ["Berlin", "Munich"],
    FR: ["Paris", "Lyon"],
    CA: ["Toronto"],
    AU: ["Sydney"],
    IN: ["Mumbai", "Pune"],
    BR: ["São Paulo"],
    NL: ["Utrecht"],
  };
  const CATEGORIES = {
    electronics: 12,
    home: 14,
    beauty: 10,
    fashion: 16,
    sports: 8,
    toys: 6,
    books: 8,
    grocery: 10,
    Outerwear: 4,
  };
  const CODES = ["WELCOME10", "SPRING15", "VIP20", "FREESHIP", "BF2024", "XMAS5"];
  const people = [];
  for (let i = 0; i < 500; i++) {
    const persona = g.weighted({
      weekly: 6,
      regular: 14,
      occasional: 22,
      lapsed: 16,
      dormant: 20,
      new: 6,
      deal: 6,
      drifter: 6,
      browser: 4,
    });
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
      lifetime_value: g.chance(0.15)
        ? null
        : persona === "lapsed" && g.chance(0.3)
          ? g.money(2500, 4000)
          : g.money(0, persona === "weekly" ? 3000 : 1200),
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
    }
      [persona]()
      .filter((t) => t > signup || persona !== "new");
    const orders = times.map((at, k) => ({
      at,
      amount: persona === "deal" ? g.money(8, 30) : persona === "weekly" ? g.money(40, 140) : g.money(15, 220),
      channel:
        persona === "drifter" ? g.weighted({ marketplace: 8, web: 2 }) : g.weighted({ web: 6, app: 3, marketplace: 1 }),
      category: g.weighted(CATEGORIES),
      // The weekly buyers' last eight weeks are all paid: the High tier needs every week.
      status:
        (persona === "weekly" && k < 8) || persona === "new"
          ? "paid"
          : g.weighted({ paid: 88, refunded: 7, cancelled: 5 }),
      discount_code: g.chance(persona === "deal" ? 0.75 : 0.15) ? g.pick(CODES) : null,
    }));
    // Holiday 2024: some buy gifts early, some at the last minute.
    if (persona !== "browser" && persona !== "new" && g.chance(0.25)) {
      const early = g.chance(0.5);
      const day = early
        ? dayOf(Date.parse("2024-10-15") + g.int(0, 46) * DAY)
        : dayOf(Date.parse("2024-12-15") + g.int(0, 9) * DAY);
      orders.push({
        at: g.on(day),
        amount: g.money(20, 120),
        channel: "web",
        category: "gifts",
        status: "paid",
        discount_code: g.chance(0.3) ? "XMAS5" : null,
      });
    }
    // Winter coats: two or more outerwear orders between November and February.
    if (persona !== "browser" && persona !== "new" && g.chance(0.08)) {
      for (const day of ["2024-11-12", "2025-01-20", "2025-02-08"].slice(0, g.int(2, 3)))
        orders.push({
          at: g.on(day),
          amount: g.money(80, 260),
          channel: "web",
          category: g.pick(["outerwear", "Outerwear Sale"]),
          status: "paid",
          discount_code: null,
        });
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
    if (persona === "browser")
      for (let k = 0; k < 3; k++)
        cart_events.push({ at: g.ago(1, 200), action: g.pick(["add", "remove"]), item_value: g.money(5, 90) });
    people.push({ row, events: { orders, cart_events } });
  }
  return people;
};

SPECS.d2c = (g) => {
  const PLANS = { classic: [44, 52], quick_prep: [48, 56], veggie: [40, 48], family: [68, 82], premium: [85, 96] };
  const CAMPAIGNS = ["new-recipes", "summer-bbq", "refer-a-friend", "win-back-10", "seasonal-box", "app-launch"];
  const CHANNELS = ["email", "sms", "instagram", "youtube", "push"];
  const mondays = (fromWeeks, toWeeks) => {
    // Monday 06:00 UTC of each week; 2025-06-30 is the last Monday before the as-of instant.
    const last = Date.parse("2025-06-30T06:00:00Z");
    const out = [];
    for (let k = toWeeks; k < fromWeeks; k++) out.push(last - k * 7 * DAY);
    return out;
  };
  const people = [];
  for (let i = 0; i < 260; i++) {
    const persona = g.weighted({
      weekly: 28,
      regular: 18,
      occasional: 14,
      skipper: 8,
      lapsed: 22,
      new: 6,
      prospect: 4,
    });
    const who = person(g);
    const signup =
      persona === "new" ? g.ago(10, 40) : persona === "weekly" && g.chance(0.35) ? g.ago(1300, 2200) : g.ago(90, 1400);
    const source = g.pick(["instagram", "tiktok", "youtube", "google", "referral", "podcast"]);
    const sw = g.chance(0.15);
    const row = {
      id: `D${pad(i + 1, 5)}`,
      email: g.chance(0.05)
        ? null
        : `${who.handle}@${g.pick(["gmail.com", "hotmail.co.uk", "icloud.com", "outlook.com"])}`,
      phone: g.chance(0.2) ? null : `+44 7${g.int(100, 999)} ${g.int(100000, 999999)}`,
      age: g.chance(0.1) ? null : source === "instagram" || source === "tiktok" ? g.int(19, 38) : g.int(24, 70),
      postcode: sw
        ? `${g.pick(["SW1A", "sw11", "SW19", " SW4"])} ${g.int(1, 9)}${g.pick(["AA", "HT", "QE"])}`
        : `${g.pick(["E1", "N7", "M1", "LS6", "B15", "BS8", "EH3", "G12", "CF10"])} ${g.int(1, 9)}${g.pick(["AB", "XY", "PQ"])}`,
      acquisition_source: source,
      sms_opt_in: g.chance(sw ? 0.7 : 0.4),
      household_size: g.chance(0.15)
        ? null
        : g.weighted([
            [1, 20],
            [2, 35],
            [3, 20],
            [4, 15],
            [5, 7],
            [6, 3],
          ]),
      signed_up_at: signup,
    };
    const main =
      persona === "prospect"
        ? "classic"
        : g.weighted({ classic: 34, quick_prep: 16, veggie: 16, family: 14, premium: 10 });
    const budget = main === "classic" && g.chance(0.35);
    const eco = g.chance(0.22);
    const happy = g.chance(0.25);
    const weeks = Math.min(40, Math.floor((NOW - signup) / (7 * DAY)));
    let plan = [];
    if (persona === "weekly")
      plan = mondays(weeks, 0).map((at, k) => ({ at, status: k < 12 || g.chance(0.93) ? "delivered" : "skipped" }));
    else if (persona === "regular")
      plan = mondays(weeks, 0).map((at, k) => ({
        at,
        status: g.chance(k < 12 ? 0.78 : 0.6) ? "delivered" : "skipped",
      }));
    else if (persona === "occasional")
      plan = mondays(weeks, 0)
        .filter(() => g.chance(0.3))
        .map((at) => ({ at, status: g.chance(0.6) ? "delivered" : "skipped" }));
    else if (persona === "skipper")
      plan = mondays(weeks, 0).map((at, k) => ({
        at,
        status: k < 8 ? (g.chance(0.45) ? "delivered" : "skipped") : "delivered",
      }));
    else if (persona === "lapsed") {
      const stop = g.int(14, 30);
      plan = mondays(Math.max(stop + 1, weeks), stop).map((at, k, all) => ({
        at,
        status: k === 0 ? "cancelled" : g.chance(0.85) ? "delivered" : "skipped",
        last: k === all.length - 1,
      }));
    } else if (persona === "new") plan = mondays(Math.max(1, weeks), 0).map((at) => ({ at, status: "delivered" }));
    else
      plan = mondays(Math.min(weeks, 20), 2)
        .filter(() => g.chance(0.5))
        .map((at) => ({ at, status: "delivered" }));
    const boxes = plan
      .filter((b) => b.at > signup)
      .map((b) => {
        const recipe =
          persona === "prospect"
            ? g.pick(["classic", "veggie", "quick_prep"])
            : g.chance(0.8)
              ? main
              : g.pick(Object.keys(PLANS));
        const [lo, hi] = PLANS[recipe];
        const recent = b.at > NOW - 8 * 7 * DAY;
        return {
          at: b.at,
          recipe_plan: recipe,
          status: b.status,
          price: budget && recipe === "classic" ? g.money(32, 38) : g.money(lo, hi),
          eco_packaging: eco ? true : g.chance(0.1),
          rating:
            b.status !== "delivered"
              ? null
              : happy && recent
                ? g.weighted([
                    [5, 4],
                    [4, 1],
                  ])
                : g.chance(0.35)
                  ? g.int(2, 5)
                  : null,
        };
      });
    // Marketing touches over the last six months: a favourite channel gets most clicks.
    const favourite = g.pick(CHANNELS);
    const clicker = g.chance(0.65);
    const touches = [];
    for (const at of g.series(182, 0.5, g.float(8, 14), 3)) {
      const channel = g.chance(0.55) ? "email" : g.pick(CHANNELS);
      const opened = g.chance(channel === favourite ? 0.7 : 0.25);
      touches.push({
        at,
        channel,
        campaign: g.pick(CAMPAIGNS),
        opened,
        clicked: opened && clicker && g.chance(channel === favourite ? 0.8 : 0.1),
      });
    }
    if (clicker)
      for (let k = 0; k < g.int(3, 5); k++)
        touches.push({
          at: g.ago(1, 170),
          channel: favourite,
          campaign: g.pick(CAMPAIGNS),
          opened: true,
          clicked: true,
        });
    // Email fatigue: a burst of unopened emails this month.
    if (favourite !== "email" && g.chance(0.1)) {
      for (const t of touches) if (t.channel === "email" && t.at > NOW - 30 * DAY) t.opened = t.clicked = false;
      for (let k = 0; k < 9; k++)
        touches.push({
          at: g.ago(k * 3 + 0.5, k * 3 + 2.5),
          channel: "email",
          campaign: "summer-bbq",
          opened: false,
          clicked: false,
        });
    }
    people.push({ row, events: { boxes, touches } });
  }
  return people;
};

SPECS.travel = (g) => {
  const DEST = [
    ["ES", ["Barcelona", "Madrid", "Seville"]],
    ["IT", ["Rome", "Florence", "Naples"]],
    ["FR", ["Paris", "Nice"]],
    ["PT", ["Lisbon", "Porto"]],
    ["GR", ["Athens", "Santorini"]],
    ["TH", ["Bangkok", "Phuket"]],
    ["JP", ["Tokyo", "Kyoto"]],
    ["US", ["New York", "Miami"]],
    ["IN", ["Goa", "Jaipur"]],
    ["DE", ["Berlin", "Munich"]],
    ["GB", ["London", "Edinburgh"]],
    ["MX", ["Cancún", "Mexico City"]],
  ];
  const HOMES = { DE: 25, GB: 20, FR: 12, IN: 12, NL: 8, US: 10, ES: 8, IT: 5 };
  const people = [];
  for (let i = 0; i < 400; i++) {
    const persona = g.weighted({
      business: 10,
      warrior: 3,
      family: 15,
      luxury: 7,
      backpacker: 8,
      explorer: 8,
      lastminute: 7,
      planner: 6,
      frequent: 6,
      lapsed: 10,
      looker: 5,
      occasional: 15,
    });
    const who = person(g);
    const home = g.weighted(HOMES);
    const row = {
      traveller_id: `T-${pad(i + 1, 5)}`,
      email: `${who.handle}@${g.pick(["gmail.com", "web.de", "outlook.com", "yahoo.co.in", "orange.fr"])}`,
      age: g.chance(0.1)
        ? null
        : persona === "backpacker"
          ? g.int(19, 29)
          : persona === "family"
            ? g.int(30, 48)
            : g.int(22, 75),
      home_country: home,
      loyalty_tier:
        persona === "frequent"
          ? g.pick(["none", "silver"])
          : g.weighted({ none: 55, silver: 25, gold: 14, platinum: 6 }),
      corporate_account:
        persona === "warrior" || (persona === "business" && g.chance(0.5)) ? `CORP-${g.int(1000, 9999)}` : null,
      newsletter_opt_in: g.chance(0.15) ? null : g.chance(persona === "looker" ? 0.85 : 0.5),
      signed_up_at: g.ago(200, 2000),
    };
    const dest = () => g.pick(DEST.filter(([c]) => c !== home));
    const booking = (at, opts = {}) => {
      const type = opts.type ?? g.weighted({ hotel: 50, apartment: 25, resort: 8, hostel: 10, villa: 7 });
      const nights = opts.nights ?? g.int(2, 10);
      const lead = opts.lead ?? g.int(5, 120);
      const checkIn = opts.checkIn ?? dayOf(at + lead * DAY);
      const perNight = {
        hotel: [90, 220],
        apartment: [70, 160],
        resort: [220, 480],
        hostel: [22, 45],
        villa: [300, 700],
      }[type];
      return {
        at,
        check_in: checkIn,
        nights,
        children: opts.children ?? 0,
        property_type: type,
        total_price: Math.round(nights * g.float(...perNight) * 100) / 100,
      };
    };
    // A Monday-to-Thursday check-in `lead` days after booking.
    const weekdayCheckIn = (at, lead) => {
      let t = at + lead * DAY;
      while (![1, 2, 3, 4].includes(new Date(t).getUTCDay())) t += DAY;
      return dayOf(t);
    };
    const bookings = [];
    const searches = [];
    switch (persona) {
      case "business":
      case "warrior":
        for (const at of g.series(MONTHS_18, 1, persona === "warrior" ? 11 : 60, 3))
          bookings.push(booking(at, { type: "hotel", nights: g.int(1, 3), checkIn: weekdayCheckIn(at, g.int(2, 14)) }));
        break;
      case "family":
        for (const at of g.series(MONTHS_18, 20, 150, 30))
          bookings.push(
            booking(at, {
              children: g.int(1, 3),
              type: g.pick(["apartment", "resort", "hotel"]),
              nights: g.int(5, 14),
            }),
          );
        break;
      case "luxury":
        for (const at of g.series(MONTHS_18, 10, 90, 20))
          bookings.push(booking(at, { type: g.pick(["resort", "villa", "villa", "hotel"]), nights: g.int(4, 12) }));
        break;
      case "backpacker":
        for (const at of g.series(MONTHS_18, 10, 60, 20))
          bookings.push(
            booking(at, { type: g.chance(0.75) ? "hostel" : "apartment", nights: g.int(2, 7), lead: g.int(1, 20) }),
          );
        break;
      case "lastminute":
        for (const at of g.series(MONTHS_18, 5, 45, 10)) bookings.push(booking(at, { lead: g.int(0, 3) }));
        break;
      case "planner":
        bookings.push(
          booking(g.on(dayOf(Date.parse("2025-01-05") + g.int(0, 80) * DAY)), {
            checkIn: `2025-0${g.pick([7, 8])}-${pad(g.int(1, 28), 2)}`,
            nights: g.int(5, 14),
            children: g.chance(0.3) ? 2 : 0,
          }),
        );
        if (g.chance(0.6)) bookings.push(booking(g.ago(200, 500)));
        break;
      case "frequent":
        for (const at of g.series(365, 1, 45, 10)) bookings.push(booking(at, { nights: g.int(1, 5) }));
        break;
      case "lapsed":
        for (const at of g.series(MONTHS_18, 370, 60, 15)) bookings.push(booking(at, { lead: g.int(20, 60) }));
        break;
      default:
        if (g.chance(0.7)) bookings.push(booking(g.ago(20, MONTHS_18)));
    }
    // Searches: explorers look at many countries; lookers search hard this fortnight.
    const nSearch = persona === "explorer" ? g.int(8, 14) : g.int(0, 6);
    for (let k = 0; k < nSearch; k++) {
      const [c, cities] = persona === "explorer" ? DEST[(i + k) % DEST.length] : dest();
      searches.push({
        at: g.ago(1, persona === "explorer" ? 300 : MONTHS_18),
        destination_country: c,
        destination_city: g.pick(cities),
        adults: g.int(1, 4),
        flexible_dates: g.chance(0.4),
      });
    }
    if (persona === "looker")
      for (let k = 0; k < g.int(9, 14); k++) {
        const [c, cities] = dest();
        searches.push({
          at: g.ago(0.1, 13.5),
          destination_country: c,
          destination_city: g.pick(cities),
          adults: g.int(1, 3),
          flexible_dates: g.chance(0.6),
        });
      }
    people.push({ row, events: { bookings: bookings.filter((b) => b.at < NOW), searches } });
  }
  return people;
};

SPECS["banking-insurance"] = (g) => {
  const SPEND = {
    Groceries: 30,
    Restaurants: 14,
    Fuel: 10,
    Utilities: 8,
    "Online retail": 14,
    Airlines: 3,
    Hotels: 3,
    Pharmacy: 5,
    "Cash withdrawal": 6,
    Rent: 7,
  };
  const monthly = (day, months) =>
    Array.from({ length: months }, (_, k) => Date.parse(`${dayOf(Date.UTC(2025, 5 - k, day))}T09:00:00Z`)).filter(
      (t) => t < NOW,
    );
  const people = [];
  for (let i = 0; i < 300; i++) {
    const stage = g.weighted({
      student: 8,
      youngpro: 18,
      family: 18,
      established: 16,
      preretiree: 12,
      retired: 16,
      other: 12,
    });
    const age = {
      student: g.int(18, 25),
      youngpro: g.int(22, 34),
      family: g.int(26, 40),
      established: g.int(41, 58),
      preretiree: g.int(55, 66),
      retired: g.int(64, 88),
      other: g.int(20, 70),
    }[stage];
    const employment =
      stage === "student"
        ? "student"
        : stage === "retired"
          ? "retired"
          : g.weighted([
              ["employed", 70],
              ["self_employed", 18],
              ["unemployed", 6],
              ["retired", stage === "preretiree" ? 3 : 0],
            ]);
    const dependants =
      stage === "family" || stage === "established" ? g.int(1, 3) : stage === "youngpro" ? 0 : g.int(0, 2);
    const score = g.chance(0.12)
      ? null
      : g.weighted([
          [g.int(500, 579), 12],
          [g.int(580, 669), 25],
          [g.int(670, 840), 63],
        ]);
    const row = {
      client_id: `CL-${pad(i + 1, 6)}`,
      age: g.chance(0.05) ? null : age,
      marital_status: g.chance(0.1)
        ? null
        : stage === "family" || stage === "established"
          ? g.pick(["married", "partnered", "divorced"])
          : g.pick(["single", "married", "partnered", "divorced", "widowed"]),
      dependants: g.chance(0.08) ? null : dependants,
      employment,
      annual_income: g.chance(0.1)
        ? null
        : employment === "student"
          ? g.money(0, 15000)
          : g.chance(0.08)
            ? g.money(150000, 400000)
            : g.money(18000, 120000),
      risk_profile: g.chance(0.25) ? null : g.pick(["conservative", "balanced", "growth", "aggressive"]),
      credit_score: score,
      attrition_score: g.chance(0.1) ? null : Math.round(g.next() ** 2 * 1000) / 1000,
      client_since: dayOf(g.ago(30, 9000)),
    };
    const salaried = employment === "employed" && g.chance(0.8);
    const transactions = [];
    const months = salaried && g.chance(0.85) ? 12 : g.int(2, 12);
    if (salaried)
      for (const at of monthly(g.int(24, 28), months))
        transactions.push({
          at,
          amount: Math.round((row.annual_income ?? 40000) / 12 / 100) * 100 || 2500,
          category: "Salary",
          channel: "transfer",
          returned: false,
        });
    if (employment === "retired")
      for (const at of monthly(1, 12))
        transactions.push({
          at: at + DAY,
          amount: g.money(900, 2400),
          category: "Pension",
          channel: "transfer",
          returned: false,
        });
    const active = g.chance(0.9);
    for (const at of g.series(365, active ? 0.5 : 35, g.float(12, 24), 4)) {
      const cat = g.weighted(SPEND);
      transactions.push({
        at,
        amount: -g.money(5, cat === "Rent" ? 1800 : cat === "Airlines" ? 600 : 160),
        category: cat,
        channel: cat === "Rent" || cat === "Utilities" ? "direct_debit" : cat === "Cash withdrawal" ? "atm" : "card",
        returned: false,
      });
    }
    // Travellers: airline and hotel payments through the year.
    if (g.chance(0.12))
      for (let k = 0; k < g.int(4, 7); k++)
        transactions.push({
          at: g.ago(2, 360),
          amount: -g.money(80, 900),
          category: g.pick(["Airlines", "Hotels", "AIRLINE TICKETS", "hotel booking"]),
          channel: "card",
          returned: false,
        });
    // Small businesses: many incoming transfers.
    if (employment === "self_employed" && g.chance(0.6))
      for (const at of g.series(120, 0.5, 2.2, 0.8))
        transactions.push({
          at,
          amount: g.money(80, 1500),
          category: "Invoice payment",
          channel: "transfer",
          returned: false,
        });
    // Bounced direct debits.
    if (g.chance(0.12))
      for (let k = 0; k < g.int(1, 3); k++)
        transactions.push({
          at: g.ago(5, 170),
          amount: -g.money(20, 300),
          category: "Utilities",
          channel: "direct_debit",
          returned: true,
        });
    const product_events = [];
    const open = (product, at) =>
      product_events.push({ at, product, action: "opened", via: g.pick(["branch", "online", "app", "advisor"]) });
    open("current_account", Math.max(Date.parse(`${row.client_since}T10:00:00Z`), g.ago(MONTHS_18 - 1, MONTHS_18)));
    if (g.chance(0.4)) open("savings", g.ago(10, MONTHS_18));
    if (g.chance(0.3)) open("credit_card", g.ago(10, MONTHS_18));
    if ((row.risk_profile === "growth" || row.risk_profile === "aggressive") && g.chance(0.5))
      open("brokerage", g.ago(10, MONTHS_18));
    if (g.chance(0.1)) open("mortgage", g.ago(20, 330));
    if (g.chance(0.15)) open("home_insurance", g.ago(10, MONTHS_18));
    if ((stage === "family" || stage === "established") && g.chance(0.3)) open("life_insurance", g.ago(10, MONTHS_18));
    if (g.chance(0.1)) open("pension", g.ago(10, MONTHS_18));
    if (g.chance(0.08))
      product_events.push({ at: g.ago(5, 200), product: "credit_card", action: "closed", via: "online" });
    const claims = [];
    if (g.chance(0.15))
      claims.push({
        at: g.ago(5, MONTHS_18),
        line: g.pick(["motor", "home", "travel", "life"]),
        amount: g.money(200, 9000),
        status: g.weighted({ paid: 60, open: 20, rejected: 14, fraud_review: 6 }),
      });
    people.push({ row, events: { transactions, product_events, claims } });
  }
  return people;
};

SPECS.media = (g) => {
  const GENRES = {
    Action: 14,
    Thriller: 8,
    Drama: 16,
    Comedy: 14,
    Documentary: 8,
    "True Crime Documentary": 4,
    Kids: 8,
    Animation: 5,
    "Sci-Fi": 8,
    Romance: 6,
    Horror: 5,
    Reality: 4,
  };
  const people = [];
  for (let i = 0; i < 300; i++) {
    const persona = g.weighted({
      power: 5,
      binge: 4,
      regular: 26,
      casual: 18,
      dormant: 12,
      lapsed: 14,
      mobile: 10,
      night: 5,
      tv: 6,
      cancelledfan: 4,
    });
    const plan = g.weighted({ free: 22, basic: 26, standard: 32, premium: 20 });
    const signup = g.ago(20, 1600);
    const cancelled =
      persona === "cancelledfan"
        ? g.ago(4, 55)
        : persona === "lapsed" && g.chance(0.6)
          ? g.ago(5, 120)
          : persona === "power" && g.chance(0.2)
            ? g.ago(3, 50)
            : null;
    const row = {
      subscriber_id: `S${pad(i + 1, 6)}`,
      country: g.pick(["US", "GB", "DE", "BR", "IN", "FR", "MX", "ES"]),
      plan,
      billing_cycle: plan === "free" ? null : g.weighted({ monthly: 75, annual: 25 }),
      profiles: g.int(1, 5),
      birth_year: g.chance(0.12) ? null : persona === "mobile" ? g.int(1995, 2007) : g.int(1950, 2007),
      signed_up_at: signup,
      cancelled_at: cancelled,
      referrer: g.chance(0.5) ? null : g.pick(["google", "facebook", "tiktok", "partner-telco", "newsletter"]),
    };
    const end = cancelled ?? NOW;
    const favourite = g.weighted(GENRES);
    const play = (at, extra = {}) => {
      const type = extra.content_type ?? g.weighted({ series: 45, movie: 30, music: 10, podcast: 8, live: 7 });
      return {
        at,
        genre: ((x) => (g.chance(0.15) ? x.toLowerCase() : x))(g.chance(0.6) ? favourite : g.weighted(GENRES)),
        content_type: type,
        device: extra.device ?? g.weighted({ tv: 35, mobile: 30, desktop: 15, tablet: 12, console: 8 }),
        watch_minutes:
          extra.minutes ?? (type === "movie" ? g.int(40, 140) : type === "series" ? g.int(20, 60) : g.int(3, 45)),
        completed: type === "live" || type === "music" ? null : g.chance(0.7),
      };
    };
    const times = {
      power: () => g.series(45, 0.1, 0.5, 0.15),
      binge: () => g.series(35, 0.1, 0.5, 0.2),
      regular: () => g.series(150, 0.5, g.float(3, 6), 1),
      casual: () => g.series(200, g.float(1, 20), g.float(10, 25), 4),
      dormant: () => g.series(170, g.float(35, 120), 20, 5),
      lapsed: () => g.series(MONTHS_18, 200, 12, 4),
      mobile: () => g.series(90, 0.3, g.float(2, 4), 1),
      night: () => g.series(90, 0.3, 1.5, 0.5),
      tv: () => g.series(120, 1, 4, 1),
      cancelledfan: () => g.series(300, 4, 1.5, 0.4),
    }
      [persona]()
      .filter((t) => t > signup && t < end);
    const plays = times.map((at) => {
      if (persona === "night")
        at =
          Math.floor(at / DAY) * DAY +
          g.weighted([
            [23, 3],
            [0, 3],
            [1, 2],
            [2, 1],
            [20, 1],
          ]) *
            3_600_000 +
          g.int(0, 3599) * 1000;
      if (persona === "binge") return play(at, { content_type: "series", minutes: g.int(55, 95) });
      if (persona === "mobile") return play(at, { device: g.chance(0.92) ? "mobile" : "tablet" });
      if (persona === "tv") return play(at, { device: g.chance(0.8) ? "tv" : "mobile" });
      if (persona === "power" || persona === "cancelledfan") return play(at, { minutes: g.int(80, 160) });
      return play(at);
    });
    // Payments: monthly for monthly plans, yearly for annual ones; some fail.
    const payments = [];
    if (plan !== "free") {
      const price = { basic: 7.99, standard: 13.99, premium: 19.99 }[plan];
      const step = row.billing_cycle === "annual" ? 365 : 30.4;
      for (let d = (((NOW - signup) / DAY) % step) + 0.2; d < Math.min(MONTHS_18, (NOW - signup) / DAY); d += step) {
        const at = g.ago(d);
        if (at >= end) continue;
        const outcome = g.weighted({ succeeded: 94, failed: 5, refunded: 1 });
        payments.push({
          at,
          amount: row.billing_cycle === "annual" ? Math.round(price * 10 * 100) / 100 : price,
          outcome,
        });
      }
      if (cancelled === null && g.chance(0.05))
        payments.push(
          { at: g.ago(0.5, 12), amount: price, outcome: "failed" },
          { at: g.ago(0.2, 0.4), amount: price, outcome: "failed" },
        );
    }
    people.push({ row, events: { plays, payments: payments.filter((p) => p.at < NOW) } });
  }
  return people;
};

SPECS.edtech = (g) => {
  const COURSES = ["PY-101", "DS-201", "ML-301", "UX-110", "SQL-120", "PM-210", "JS-150", "STAT-220"];
  const people = [];
  for (let i = 0; i < 350; i++) {
    const persona = g.weighted({
      visual: 14,
      reader: 10,
      handson: 10,
      social: 8,
      streaker: 6,
      struggler: 7,
      advanced: 8,
      drifter: 10,
      crammer: 6,
      new: 5,
      casual: 16,
      certificate: 4,
    });
    const who = person(g);
    const signup = persona === "new" ? g.ago(0.5, 6.5) : g.ago(70, 900);
    const student = g.chance(0.12);
    const row = {
      learner_id: `L${pad(i + 1, 5)}`,
      email: student
        ? ` ${who.handle}@${g.pick(["stanford", "mit", "umich", "ucla"])}.EDU`
        : `${who.handle}@${g.pick(["gmail.com", "outlook.com", "yahoo.com"])}`,
      country: g.chance(0.1) ? null : g.pick(["US", "IN", "BR", "NG", "DE", "PH", "GB", "EG"]),
      goal:
        persona === "crammer"
          ? "exam_prep"
          : persona === "certificate"
            ? "career_change"
            : g.chance(0.2)
              ? null
              : g.pick(["career_change", "upskill", "degree", "exam_prep", "hobby"]),
      placement_score:
        persona === "new"
          ? g.chance(0.6)
            ? null
            : g.int(20, 95)
          : g.chance(0.3)
            ? null
            : persona === "advanced"
              ? g.int(80, 100)
              : g.int(15, 90),
      subscription:
        persona === "streaker" || persona === "certificate"
          ? "free"
          : student
            ? g.pick(["free", "plus"])
            : g.weighted({ free: 55, plus: 35, teams: 10 }),
      employer: g.chance(0.6) ? null : g.pick(["Acme Corp", "Globex", "Initech", "Umbrella Health"]),
      signed_up_at: signup,
      ui_language: g.pick(["en", "en", "es", "pt-BR", "hi", "de"]),
    };
    const style = {
      visual: { video: 8, reading: 1, quiz: 1 },
      reader: { reading: 7, video: 2, quiz: 1 },
      handson: { quiz: 3, simulation: 3, peer_project: 2, video: 2 },
      social: { live_class: 3, video: 4, reading: 2 },
    }[persona] ?? { video: 4, reading: 3, quiz: 2, simulation: 1, live_class: 1 };
    const course = g.pick(COURSES);
    const act = (at, extra = {}) => ({
      at,
      course_id: g.chance(0.8) ? course : g.pick(COURSES),
      format: extra.format ?? g.weighted(style),
      minutes_spent: extra.minutes ?? g.int(5, 55),
      completed: g.chance(0.7),
    });
    const times =
      {
        streaker: () => [...perBucket(g, 16, 1, 0.02), ...g.series(90, 16, 5, 1)],
        drifter: () => g.series(120, g.float(15, 28), 4, 1),
        new: () => (g.chance(0.5) ? [g.ago(0.1, (NOW - signup) / DAY)] : []),
        casual: () => g.series(300, g.float(0.5, 30), g.float(6, 20), 3),
        crammer: () => g.series(100, 25, 2, 0.5),
        certificate: () => g.series(40, 0.3, 1.2, 0.3),
      }[persona]?.() ?? g.series(120, 0.3, g.float(2.2, 4.5), 0.8);
    const activities = times
      .filter((t) => t > signup)
      .map((at) =>
        act(
          at,
          persona === "crammer" && at >= Date.parse("2025-04-01") && at < Date.parse("2025-06-01")
            ? { minutes: g.int(40, 90) }
            : persona === "casual" && g.chance(0.3)
              ? { minutes: g.int(40, 120) }
              : persona === "certificate"
                ? { minutes: g.int(30, 70) }
                : {},
        ),
      );
    const assessments = [];
    const level = persona === "advanced" ? "advanced" : g.weighted({ beginner: 5, intermediate: 4, advanced: 1 });
    const nAssess = persona === "new" ? 0 : persona === "struggler" ? g.int(3, 5) : g.int(0, 4);
    for (let k = 0; k < nAssess; k++) {
      const score =
        persona === "struggler"
          ? g.float(25, 62)
          : persona === "advanced" || g.chance(0.2)
            ? g.float(84, 100)
            : g.float(45, 98);
      const r = Math.round(score * 10) / 10;
      assessments.push({
        at: g.ago(persona === "struggler" ? 1 : 1, persona === "struggler" ? 55 : 200),
        course_level: persona === "struggler" ? "beginner" : level,
        score: r,
        passed: r >= 60,
      });
    }
    people.push({ row, events: { activities, assessments: assessments.filter((a) => a.at > signup) } });
  }
  return people;
};

SPECS["mobile-app"] = (g) => {
  const SKUS = [
    ["coins_100", 0.99],
    ["coins_550", 4.99],
    ["coins_1200", 9.99],
    ["pro_month", 6.99],
    ["pro_year", 49.99],
    ["bundle_mega", 99.99],
  ];
  const people = [];
  for (let i = 0; i < 350; i++) {
    const persona = g.weighted({
      daily: 10,
      weekly: 16,
      monthly: 14,
      slipping: 10,
      dormant: 14,
      churned: 14,
      new: 6,
      power: 5,
      whale: 3,
      cellular: 4,
      fatigued: 4,
    });
    const platform = g.weighted({ ios: 45, android: 55 });
    const installed = persona === "new" ? g.ago(0.2, 6.5) : g.ago(20, 700);
    const row = {
      user_id: `U${pad(i + 1, 6)}`,
      platform,
      app_version: g.weighted({ "5.2.1": 40, "5.1.0": 25, "5.0.3": 15, "4.9.8": 12, "4.7.2": 8 }),
      os_version: g.chance(0.1)
        ? null
        : platform === "ios"
          ? g.pick(["17.5", "17.4", "16.7"])
          : g.pick(["14", "13", "12"]),
      device_model: g.chance(0.08)
        ? null
        : platform === "ios"
          ? g.pick(["iPhone15,2", "iPhone14,5", "iPhone16,1"])
          : g.pick(["SM-G991B", "SM-A536B", "sm-s918b", "Pixel 8", "moto g84"]),
      country: g.pick(["US", "BR", "IN", "DE", "ID", "MX", "GB"]),
      acquisition_channel: g.chance(0.1)
        ? null
        : g.pick(["organic", "paid_social", "search_ads", "referral", "influencer"]),
      push_enabled: g.chance(persona === "fatigued" ? 1 : 0.65),
      installed_at: installed,
    };
    const times = {
      daily: () => [...perBucket(g, 15, 1, 0.02), ...g.series(150, 15, 2, 0.5)],
      weekly: () => [...perBucket(g, 4, 7, 0.3), ...g.series(120, 0.5, g.float(3, 6), 1)],
      monthly: () => g.series(90, g.float(2, 25), g.float(12, 20), 3),
      slipping: () => g.series(120, g.float(8, 28), 4, 1),
      dormant: () => g.series(120, g.float(32, 85), 10, 3),
      churned: () => g.series(400, g.float(95, 300), 15, 4),
      new: () => (g.chance(0.6) ? [g.ago(0.1, (NOW - installed) / DAY)] : [g.ago(0.1, 1), g.ago(1, 2), g.ago(2, 3)]),
      power: () => g.series(60, 0.1, 0.8, 0.3),
      whale: () => g.series(100, 0.2, 1, 0.4),
      cellular: () => g.series(60, 0.3, 2, 0.6),
      fatigued: () => g.series(90, 2, 5, 1),
    }
      [persona]()
      .filter((t) => t > installed);
    const sessions = times.map((at) => ({
      at,
      duration_s: persona === "power" ? g.int(500, 1800) : g.int(20, 900),
      screens: g.int(1, 30),
      network:
        persona === "cellular"
          ? g.weighted({ cellular: 9, wifi: 1 })
          : g.weighted({ wifi: 6, cellular: 3, offline: 1 }),
    }));
    const purchases = [];
    const store = platform === "ios" ? "app_store" : "play_store";
    if (persona === "whale")
      for (let k = 0; k < g.int(3, 6); k++)
        purchases.push({ at: g.ago(0.5, 28), sku: "bundle_mega", price: 99.99, store });
    else if (g.chance(0.25)) {
      for (
        let k = 0;
        k <
        g.weighted([
          [1, 6],
          [2, 2],
          [4, 1],
        ]);
        k++
      ) {
        const [sku, price] = g.pick(SKUS.slice(0, 5));
        const at = g.ago(0.5, Math.max(1, Math.min(300, (NOW - installed) / DAY)));
        purchases.push({ at, sku, price, store });
      }
    }
    const pushes = [];
    if (row.push_enabled)
      for (const at of g.series(90, 0.3, persona === "fatigued" ? 2.5 : g.float(5, 12), 1))
        pushes.push({
          at,
          campaign: g.pick(["streak-reminder", "weekly-digest", "flash-sale", "new-feature", "comeback-offer"]),
          opened: persona === "fatigued" ? false : g.chance(0.2),
        });
    people.push({ row, events: { sessions, purchases: purchases.filter((p) => p.at > installed), pushes } });
  }
  return people;
};

SPECS["b2b-saas"] = (g) => {
  const INDUSTRIES = [
    "Software",
    "Healthcare Services",
    "hospital & health care",
    "Financial Services",
    "Retail",
    "Manufacturing",
    "Education",
    "Logistics",
    "Media",
    "Public Health Agency",
  ];
  const FEATURES = [
    "dashboards",
    "reports",
    "alerts",
    "api",
    "sso",
    "exports",
    "workflows",
    "integrations",
    "audit-log",
    "forecasts",
  ];
  const NAMES = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Massive",
    "Nakatomi",
    "Oscorp",
  ];
  const people = [];
  for (let i = 0; i < 240; i++) {
    const persona =
      i < 3
        ? "thriving"
        : g.weighted({
            steady: 30,
            quiet: 20,
            atrisk: 14,
            trial: 12,
            pql: 5,
            starter_growing: 5,
            expansion: 3,
            sso_gap: 6,
          });
    const company = `${g.pick(NAMES)} ${g.pick(["Labs", "Group", "GmbH", "Inc", "Health", "Systems", "AG", "Ltd"])} ${i + 1}`;
    const domain =
      company
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/-$/, "") + ".com";
    const size =
      persona === "expansion" || (persona === "thriving" && i === 0)
        ? g.int(1200, 20000)
        : g.weighted([
            [g.int(1, 99), 45],
            [g.int(100, 999), 35],
            [g.int(1000, 15000), 10],
          ]);
    const plan =
      persona === "trial" || persona === "pql"
        ? "trial"
        : persona === "starter_growing"
          ? "starter"
          : persona === "expansion"
            ? "growth"
            : persona === "sso_gap"
              ? g.pick(["growth", "enterprise"])
              : persona === "thriving"
                ? i === 0
                  ? "growth"
                  : "enterprise"
                : g.weighted({ starter: 40, growth: 40, enterprise: 20 });
    const seats = plan === "trial" ? 5 : persona === "expansion" || i === 0 ? 12 : g.int(5, 200);
    const row = {
      account_id: `ACC-${pad(i + 1, 4)}`,
      company_name: company,
      industry: g.pick(INDUSTRIES),
      employee_count: g.chance(0.12) ? null : size,
      annual_revenue: g.chance(0.3) ? null : Math.round(size * g.float(80000, 300000)),
      hq_country: g.weighted({
        US: 30,
        us: 4,
        GB: 14,
        DE: 10,
        " de": 2,
        AT: 3,
        CH: 3,
        ch: 1,
        FR: 8,
        NL: 6,
        CA: 8,
        AU: 5,
      }),
      plan,
      seats_purchased: seats,
      renewal_date: plan === "trial" || g.chance(0.3) ? null : dayOf(g.ago(-g.float(1, 300))),
      trial_ends_at: plan === "trial" ? g.ago(-g.float(1, 20)) : null,
    };
    const users = Array.from({ length: Math.max(2, Math.min(seats + 6, 40)) }, (_, k) =>
      persona === "sso_gap" && k === 0
        ? `${g.pick(FIRST).toLowerCase()}${g.int(1, 99)}@${g.pick(["gmail.com", "Outlook.com"])}`
        : `${g.pick(FIRST).toLowerCase()}.${k}@${domain}`,
    );
    const usage = (at, u = g.pick(users)) => ({ at, user_email: u, feature: g.pick(FEATURES) });
    const usage_events = [];
    switch (persona) {
      case "thriving":
        for (let w = 0; w < 8; w++)
          for (let k = 0; k < 205; k++)
            usage_events.push(usage(g.ago(w * 7 + 0.01, w * 7 + 6.99), users[k % users.length]));
        break;
      case "expansion":
        for (const u of users) usage_events.push(usage(g.ago(0.5, 25), u));
        break;
      case "steady":
        for (const t of [...perBucket(g, 8).filter(() => g.chance(0.85)), ...g.series(240, 56, 8, 2)])
          usage_events.push(usage(t));
        break;
      case "quiet":
        for (const t of g.series(200, 10, 20, 5)) usage_events.push(usage(t));
        break;
      case "atrisk":
        for (const t of g.series(300, g.float(15, 60), 8, 3)) usage_events.push(usage(t));
        break;
      case "trial":
      case "pql":
        for (const f of persona === "pql" ? FEATURES.slice(0, g.int(5, 8)) : FEATURES.slice(0, 2))
          usage_events.push({ at: g.ago(0.5, 13), user_email: g.pick(users), feature: f });
        break;
      case "starter_growing":
        for (let m = 0; m < 3; m++)
          for (const u of users.slice(0, 11))
            usage_events.push(usage(Date.UTC(2025, 5 - m, g.int(1, 28), g.int(8, 18)), u));
        break;
      case "sso_gap":
        for (const t of g.series(60, 0.5, 4, 1)) usage_events.push(usage(t));
        usage_events.push(usage(g.ago(1, 20), users[0]));
        break;
    }
    const invoices = [];
    if (plan !== "trial")
      for (const at of g.series(MONTHS_18, 1, 30.4, 1))
        invoices.push({
          at,
          amount: Math.round(seats * { starter: 15, growth: 45, enterprise: 90 }[plan] * 100) / 100,
          status:
            persona === "atrisk" && at > NOW - 60 * DAY && g.chance(0.5)
              ? "overdue"
              : g.weighted([
                  ["paid", 93],
                  ["open", 4],
                  ["void", 2],
                  ["overdue", persona === "thriving" ? 0 : 1],
                ]),
        });
    const tickets = [];
    for (let k = 0; k < (persona === "atrisk" ? g.int(2, 5) : g.int(0, 3)); k++)
      tickets.push({
        at: persona === "atrisk" ? g.ago(1, 28) : g.ago(1, 300),
        priority: persona === "atrisk" ? g.pick(["high", "urgent"]) : g.pick(["low", "normal", "normal", "high"]),
        topic: g.pick(["billing", "sso", "api limits", "exports", "bug"]),
        csat: g.chance(0.3) ? null : persona === "thriving" || g.chance(0.5) ? 5 : g.int(1, 5),
      });
    people.push({ row, events: { usage_events, invoices, tickets } });
  }
  return people;
};

// ---------------------------------------------------------------- entry points

function readme(dir, schema) {
  const tables = [schema.entity, ...schema.events].map(
    (t) => `- \`${t.table}.csv\`: ${t === schema.entity ? "the" : "the events of"} \`${t.name}\``,
  );
  return [
    `# Sample data for examples/${dir}`,
    "",
    "Generated by `scripts/gen/example-data.mjs` (do not edit; `npm run gen` rewrites it): synthetic,",
    `deterministic rows as of ${AS_OF.slice(0, 10)}, spread over the 18 months before it, chosen so that`,
    "every segment and every tier of `../segments.seg` has members. Evaluate them as of that day:",
    "",
    "```sh",
    `seg run examples/${dir}/segments.seg --data examples/${dir}/data --as-of ${AS_OF.slice(0, 10)}`,
    "```",
    "",
    ...tables,
    "",
  ].join("\n");
}

const folders = () =>
  readdirSync(new URL("examples/", root))
    .filter((d) => existsSync(new URL(`examples/${d}/schema.seg`, root)))
    .sort();

/** Every folder's data files: [{ path, content }]. Throws when a folder has no spec. */
export function outputs() {
  const out = [];
  for (const dir of folders()) {
    const spec = SPECS[dir];
    if (!spec) throw new Error(`scripts/gen/example-data.mjs: no sample-data spec for examples/${dir}`);
    const g = random(hash(dir));
    const schema = readSchema(dir);
    for (const f of tables(dir, schema, spec(g, schema), g))
      out.push({ path: `examples/${dir}/data/${f.table}.csv`, content: f.content });
    out.push({ path: `examples/${dir}/data/README.md`, content: readme(dir, schema) });
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
