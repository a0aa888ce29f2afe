import type { Dialect } from "../dialect.js";
import type { SqlDialect } from "../literals.js";
import { duckdb } from "./duckdb.js";
import { mysql } from "./mysql.js";
import { postgres } from "./postgres.js";
import { sqlite } from "./sqlite.js";

export const dialects: Readonly<Record<SqlDialect, Dialect>> = { postgres, mysql, sqlite, duckdb };
export const dialectNames = Object.keys(dialects) as SqlDialect[];
