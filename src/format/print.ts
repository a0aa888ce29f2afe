// The canonical layout of Seg (`seg fmt`), printed from the AST plus the comment list.
//
// Layout rules (keep them few and stable: changing one reformats every user's files):
//  1. Output is LF-only, has no trailing spaces, no blank lines at the start, and ends
//     with exactly one newline (an empty file stays empty). Indentation is 2 spaces.
//  2. Declarations keep their order. Between two top-level declarations there is a blank
//     line when either is a block (entity, events, segmentation), when their kinds
//     differ, or when the user had one; otherwise none (a run of imports, params,
//     measures or segments may stay tight). Runs of blank lines collapse to one.
//  3. `entity NAME from "t" key id {`, one field per line (`  name: type[?][ from "col"]`),
//     `}`; `events` likewise. `segmentation NAME [for E] {`, one branch per line with the
//     names padded so `where`/`otherwise` line up, `}`. Blank lines between fields or
//     branches are kept (at most one), never right after `{` or before `}`. An empty
//     block prints as `{}`. The optional comma after a field or branch is dropped.
//  4. Width is 100 columns (code points). A declaration that fits is one line. Otherwise:
//     - an `and`/`or` chain breaks before every operator of the chain, the operator
//       leading the continuation line, indented 2 more than the declaration (a
//       branch's: 4 in all); a nested chain of the other operator or one inside
//       parentheses breaks the same way, 2 deeper, only if it still does not fit; one
//       inside a call's arguments or filter, 4 deeper;
//     - after `segment … where` or `measure … =`: when even the first operand of the
//       chain does not fit on that line, the expression starts on the next line,
//       indented 2 (a branch's condition always stays on its `where` line);
//     - `enum(…)` values and `in (…)` lists fill lines, continuing indented 2;
//     - nothing else breaks: a line with one long operand stays long.
//  5. Tokens are reprinted canonically but never added, reordered or dropped (but for the
//     comma of rule 3), so the reparsed tree is the same: single spaces around binary
//     operators and keywords, none inside parentheses or before `,` `:` `?` `.`; `, `
//     after commas; strings in double quotes with minimal escapes (`\"`, `\\`, `\n`,
//     `\t`, `\u{…}` for other control characters); numbers exactly as written (keeps
//     `1_000` and `12.50`); units singular when the amount is 1, plural otherwise
//     (`per`/`every` take the singular); parentheses exactly where the user wrote them.
//  6. Comments (line, block, doc) are printed from the comment list, never from the
//     `doc` strings of the tree, so each is printed exactly once, with its text intact
//     (only line ends and trailing blanks on its lines are normalised):
//     - between declarations, fields or branches: a comment on the same line as the end
//       of the previous one stays there (trailing); a block comment on the line where
//       the next one starts stays in front of it; any other is a leading comment on its
//       own line (blank lines between comments are kept, at most one), or dangles
//       before `}` / at the end of the file;
//     - trailing comments on a run of one-line fields, branches or declarations (no
//       blank, comment or multi-line item between) line up one space after the longest
//       line that has one;
//     - inside a declaration, field or branch: the comment stays between the same two
//       tokens. A block comment is printed inline; a `//` comment ends its line and the
//       code continues on the next one (it forces its `and`/`or` chain to break, and a
//       comment that ended the line before an `and`/`or` stays at the end of that line).
//     Keeping each comment between the same tokens keeps `///` attached to the same
//     declaration, field or branch, so the tree (doc strings included) does not change.

import type {
  Branch,
  CallExpr,
  ColumnName,
  Comment,
  Declaration,
  Duration,
  EntityDecl,
  EventsDecl,
  Expr,
  FieldDecl,
  Identifier,
  LogicalExpr,
  NumberLiteral,
  Rate,
  SegFile,
  SegmentationDecl,
  Span,
  TimeUnit,
  TypeRef,
  Window,
} from "../syntax/ast.js";
import { assertNever } from "../syntax/ast.js";
import { columns, type Doc, fill, fitLine, group, indent, line, lineComment, render } from "./doc.js";
import { normalizeComment } from "./same-tree.js";

export const PRINT_WIDTH = 100;

/** Prints a parsed, error-free file in the canonical layout. */
export function printFile(file: SegFile, comments: readonly Comment[], source: string): string {
  return new Printer(source, comments).file(file);
}

/** Double-quoted string literal with minimal escapes; the value is unchanged. */
export function quoteString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1))) {
      out += ch + value[i + 1]!;
      i++;
    } else if (needsEscape(code)) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

// Control characters and line/paragraph separators would be invisible or rewritten by
// editors. NUL and lone surrogates have no valid `\u{…}` escape, so they stay as they are.
function needsEscape(code: number): boolean {
  return (code > 0 && code < 0x20) || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

interface CommentInfo {
  readonly start: number;
  /** End without a trailing line break, whatever the lexer put in the span. */
  readonly end: number;
  readonly text: string;
  readonly isLine: boolean;
}

/** The output as lines; knows whether its last line ends in a `//` comment. */
class Lines {
  readonly lines: string[] = [];
  /** The last line ends in a `//` comment: nothing may be appended to it. */
  locked = false;
  /** The last line is a whole one-line line-node of this alignment group (-1: it is not). */
  private nodeGroup = -1;
  /** Trailing comments to line up: the code before them ends at `column` (UTF-16 index `at`). */
  private readonly aligned: { line: number; at: number; column: number; group: number }[] = [];
  /** Lines that hold a whole one-line line-node, with its alignment group. */
  private readonly nodeLines = new Map<number, number>();

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== "") this.lines.push("");
    this.nodeGroup = -1;
  }

  /** `text` was rendered starting at column `ind`; its later lines carry their own indentation. */
  push(text: string, ind: number, endsInLineComment: boolean): void {
    const [first, ...rest] = text.split("\n");
    this.lines.push(" ".repeat(ind) + first!, ...rest);
    this.locked = endsInLineComment;
    this.nodeGroup = -1;
  }

  /** A rendered line-node; trailing comments of consecutive one-line nodes of a group align. */
  node(text: string, ind: number, endsInLineComment: boolean, group: number): void {
    this.push(text, ind, endsInLineComment);
    if (!text.includes("\n")) this.nodeLines.set(this.lines.length - 1, group);
    if (!text.includes("\n") && !endsInLineComment) this.nodeGroup = group;
  }

  comment(c: CommentInfo, ind: number): void {
    this.push(c.text, ind, c.isLine);
  }

  /** Appends to the last line, or starts a new one when that is impossible. */
  trailing(c: CommentInfo, ind: number): void {
    const last = this.lines.length - 1;
    if (this.locked || last < 0 || this.lines[last] === "") {
      this.comment(c, ind);
      return;
    }
    const [first, ...rest] = c.text.split("\n");
    if (this.nodeGroup >= 0 && rest.length === 0) {
      const code = this.lines[last]!;
      this.aligned.push({ line: last, at: code.length, column: columns(code), group: this.nodeGroup });
    }
    this.nodeGroup = -1;
    this.lines[last] += " " + first!;
    this.lines.push(...rest);
    this.locked = c.isLine;
  }

  appendToLast(text: string): void {
    this.lines[this.lines.length - 1] += text;
    this.nodeGroup = -1;
  }

  toString(): string {
    // Trailing comments in a run of one-line fields, branches or declarations (no blank or
    // comment line between) share a column: one space after the longest line with a comment.
    const sameRun = (a: { line: number; group: number }, b: { line: number; group: number }): boolean => {
      if (a.group !== b.group) return false;
      for (let l = a.line + 1; l < b.line; l++) if (this.nodeLines.get(l) !== a.group) return false;
      return true;
    };
    const lines = [...this.lines];
    for (let i = 0; i < this.aligned.length;) {
      let j = i + 1;
      while (j < this.aligned.length && sameRun(this.aligned[j - 1]!, this.aligned[j]!)) j++;
      const run = this.aligned.slice(i, j);
      const column = Math.max(...run.map((a) => a.column));
      for (const a of run) {
        const text = lines[a.line]!;
        lines[a.line] = text.slice(0, a.at) + " ".repeat(column - a.column) + text.slice(a.at);
      }
      i = j;
    }
    return lines.length === 0 ? "" : lines.join("\n") + "\n";
  }
}

type BlankRule = "never" | "user" | "always";

const CLOSING = new Set([")", ",", "}", ":", "?", "."]);
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[0-9][0-9_]*(\.[0-9_]+)?%?/y;
const NUMBER_AS_WRITTEN = /^[0-9][0-9_]*(\.[0-9][0-9_]*)?%?$/;
const TWO_CHAR_OPS = new Set([">=", "<=", "!="]);

class Printer {
  private readonly comments: readonly CommentInfo[];
  private readonly commentEnd = new Map<number, number>();
  /** Next comment to print: every comment is printed once, in source order. */
  private ci = 0;
  /** End of the last source token printed. */
  private pos = 0;
  private readonly out = new Lines();
  /** Trailing comments align within one group: the top level, or one block's items. */
  private alignGroup = 0;
  private groups = 0;

  constructor(
    private readonly source: string,
    comments: readonly Comment[],
  ) {
    const sorted = [...comments].sort((a, b) => a.span.start - b.span.start);
    const infos: CommentInfo[] = [];
    for (const c of sorted) {
      if (infos.length > 0 && c.span.start < infos[infos.length - 1]!.end) continue; // defensive: overlapping duplicates
      let raw = source.slice(c.span.start, c.span.end);
      if (raw === "") raw = c.text;
      const isLine = c.style !== "block" && !raw.startsWith("/*");
      const trimmed = raw.replace(/[\r\n]+$/, "");
      const text = normalizeComment(trimmed);
      infos.push({ start: c.span.start, end: c.span.start + trimmed.length, text, isLine });
      this.commentEnd.set(c.span.start, c.span.start + trimmed.length);
    }
    this.comments = infos;
  }

  // ------------------------------------------------------------ structure

  file(file: SegFile): string {
    let prev: Declaration | undefined;
    for (const decl of file.declarations) {
      const next = this.nextToken(this.pos);
      const rule: BlankRule = prev === undefined ? "never" : forcedBlank(prev, decl) ? "always" : "user";
      if (this.gap(next, 0, rule, prev !== undefined)) this.out.blank();
      this.declaration(decl);
      prev = decl;
    }
    this.gap(Number.POSITIVE_INFINITY, 0, prev === undefined ? "never" : "user", prev !== undefined, false);
    return this.out.toString();
  }

  /**
   * Prints the comments before `next` (the first token of the next line-node): those on
   * the same line as the previous token trail it, the others get their own lines.
   * Returns whether the next line-node needs a blank line before it.
   */
  private gap(next: number, ind: number, first: BlankRule, allowTrailing: boolean, inline = true): boolean {
    let cursor = this.pos;
    let isFirst = true;
    let trailing = allowTrailing;
    const decide = (rule: BlankRule, newlines: number): boolean =>
      rule === "always" || (rule === "user" && newlines >= 2);
    while (this.ci < this.comments.length && this.comments[this.ci]!.start < next) {
      const c = this.comments[this.ci]!;
      const newlines = countNewlines(this.source, cursor, c.start);
      if (trailing && newlines === 0) {
        this.out.trailing(c, ind);
      } else {
        // Comments on the line where the next line-node starts stay in front of it, inline.
        if (inline && countNewlines(this.source, c.start, next) === 0) break;
        trailing = false;
        if (isFirst ? decide(first, newlines) : newlines >= 2) this.out.blank();
        this.out.comment(c, ind);
        isFirst = false;
      }
      this.ci++;
      cursor = c.end;
    }
    const upTo = this.ci < this.comments.length ? Math.min(next, this.comments[this.ci]!.start) : next;
    const newlines = countNewlines(this.source, cursor, Math.min(upTo, this.source.length));
    return isFirst ? decide(first, newlines) : newlines >= 2;
  }

  private emit(doc: Doc, ind: number): void {
    const r = render(doc, ind, PRINT_WIDTH);
    this.out.node(r.text, ind, r.endsInLineComment, this.alignGroup);
  }

  private declaration(d: Declaration): void {
    switch (d.kind) {
      case "Import":
        return this.emit([this.kw("import"), " ", this.string(d.path)], 0);
      case "Entity":
      case "Events":
        return this.block(this.header(d), d.fields, (f) => this.emit(this.field(f), 2));
      case "Measure":
        return this.emit([this.kw("measure"), " ", this.ident(d.name), " ", this.kw("="), this.condition(d.expr)], 0);
      case "Param":
        return this.emit(
          [
            this.kw("param"),
            " ",
            this.ident(d.name),
            this.kw(":"),
            " ",
            this.type(d.type),
            " ",
            this.kw("="),
            " ",
            indent(this.expr(d.value)),
          ],
          0,
        );
      case "DefaultWindow":
        return this.emit([this.kw("default"), " ", this.kw("window"), " ", this.window(d.window)], 0);
      case "Segment":
        return this.emit(
          [
            this.kw("segment"),
            " ",
            this.ident(d.name),
            this.forEntity(d.entity),
            " ",
            this.kw("where"),
            this.condition(d.condition),
          ],
          0,
        );
      case "Segmentation":
        return this.segmentation(d);
      default:
        return assertNever(d);
    }
  }

  private header(d: EntityDecl | EventsDecl): Doc {
    if (d.kind === "Entity") {
      return [
        this.kw("entity"),
        " ",
        this.ident(d.name),
        " ",
        this.kw("from"),
        " ",
        this.string(d.table),
        " ",
        this.kw("key"),
        " ",
        this.ident(d.key),
        " ",
        this.kw("{"),
      ];
    }
    return [
      this.kw("events"),
      " ",
      this.ident(d.name),
      " ",
      this.kw("of"),
      " ",
      this.ident(d.entity),
      " ",
      this.kw("from"),
      " ",
      this.string(d.table),
      " ",
      this.kw("by"),
      " ",
      this.column(d.by),
      " ",
      this.kw("at"),
      " ",
      this.column(d.at),
      " ",
      this.kw("{"),
    ];
  }

  /** `HEADER {`, one line-node per item at indentation 2, `}`. */
  private block<T>(header: Doc, items: readonly T[], item: (x: T) => void): void {
    this.emit(header, 0);
    const linesAfterHeader = this.out.lines.length;
    const outer = this.alignGroup;
    this.alignGroup = ++this.groups;
    let first = true;
    for (const x of items) {
      if (this.gap(this.nextToken(this.pos), 2, first ? "never" : "user", true)) this.out.blank();
      item(x);
      this.skipOptional(",");
      first = false;
    }
    const close = this.nextToken(this.pos);
    this.gap(close, 2, first ? "never" : "user", true, false);
    this.alignGroup = outer;
    this.kw("}");
    if (this.out.lines.length === linesAfterHeader && !this.out.locked) this.out.appendToLast("}");
    else this.out.push("}", 0, false);
  }

  private segmentation(d: SegmentationDecl): void {
    const header = [this.kw("segmentation"), " ", this.ident(d.name), this.forEntity(d.entity), " ", this.kw("{")];
    const width = Math.max(0, ...d.branches.map((b) => b.name.name.length));
    this.block(header, d.branches, (b) => this.emit(this.branch(b, width), 2));
  }

  private branch(b: Branch, nameWidth: number): Doc {
    const name = this.ident(b.name);
    const pad = " ".repeat(nameWidth - b.name.name.length + 1);
    // A tier's condition always starts on its `where` line, keeping the table of names readable.
    return [name, pad, b.condition ? [this.kw("where"), " ", indent(this.expr(b.condition))] : this.kw("otherwise")];
  }

  private forEntity(entity: Identifier | undefined): Doc {
    return entity ? [" ", this.kw("for"), " ", this.ident(entity)] : "";
  }

  private field(f: FieldDecl): Doc {
    return [
      this.ident(f.name),
      this.kw(":"),
      " ",
      this.type(f.type),
      f.nullable ? this.kw("?") : "",
      f.column ? [" ", this.kw("from"), " ", this.string(f.column)] : "",
    ];
  }

  private type(t: TypeRef): Doc {
    return this.at(t.span, () => {
      const parts: Doc[] = [this.at(t.nameSpan, () => t.name)];
      if (t.scale) parts.push(this.kw("("), this.number(t.scale), this.kw(")"));
      if (t.values)
        parts.push(
          this.kw("("),
          this.list(t.values, (v) => this.string(v)),
        );
      return parts;
    });
  }

  private column(c: ColumnName): Doc {
    return this.at(c.span, () => (c.quoted ? quoteString(c.name) : c.name));
  }

  // ------------------------------------------------------------ expressions

  private expr(e: Expr): Doc {
    return this.at(e.span, () => this.exprInner(e));
  }

  private exprInner(e: Expr): Doc {
    switch (e.kind) {
      case "Logical":
        return this.logical(e);
      case "Not":
        return [this.kw("not"), " ", this.expr(e.operand)];
      case "Compare":
        return [this.expr(e.left), " ", this.kw(e.op), " ", this.expr(e.right), e.rate ? [" ", this.rate(e.rate)] : ""];
      case "Between":
        return [
          this.expr(e.operand),
          " ",
          e.negated ? [this.kw("not"), " "] : "",
          this.kw("between"),
          " ",
          this.expr(e.low),
          " ",
          this.kw("and"),
          " ",
          this.expr(e.high),
        ];
      case "In":
        return [
          this.expr(e.operand),
          " ",
          e.negated ? [this.kw("not"), " "] : "",
          this.kw("in"),
          " ",
          this.kw("("),
          this.list(e.values, (v) => this.expr(v)),
        ];
      case "IsNull":
        return [this.expr(e.operand), " ", this.kw("is"), " ", e.negated ? [this.kw("not"), " "] : "", this.kw("null")];
      case "StringMatch": {
        const operand = this.expr(e.operand);
        const op =
          e.op === "contains"
            ? this.kw("contains")
            : [this.kw(e.op === "starts_with" ? "starts" : "ends"), " ", this.kw("with")];
        return [operand, " ", op, " ", this.expr(e.pattern)];
      }
      case "Rank":
        return [this.expr(e.operand), " ", this.kw("in"), " ", this.kw(e.direction), " ", this.number(e.percent)];
      case "Within":
        return [this.expr(e.operand), " ", this.kw("within"), " ", this.kw("last"), " ", this.duration(e.duration)];
      case "Arithmetic":
        return [this.expr(e.left), " ", this.kw(e.op), " ", this.expr(e.right)];
      case "Negate":
        // `- -x`, not `--x`, which reads as a decrement.
        return [this.kw("-"), e.operand.kind === "Negate" ? " " : "", this.expr(e.operand)];
      case "Windowed":
        return [this.expr(e.operand), " ", this.kw("over"), " ", this.window(e.window)];
      case "Paren":
        return [this.kw("("), indent(this.expr(e.expr)), this.kw(")")];
      case "Name":
        return this.ident(e.name);
      case "Member":
        return [this.ident(e.object), this.kw("."), this.ident(e.property)];
      case "Call":
        return this.call(e);
      case "Number":
        return this.numberText(e);
      case "String":
        return quoteString(e.value);
      case "Boolean":
        return this.kw(e.value ? "true" : "false");
      case "Null":
        return this.kw("null");
      case "TypedLiteral":
        return [this.kw(e.type), " ", this.string(e.value)];
      case "Now":
        return this.kw("now");
      case "Ago":
        return [this.duration(e.duration), " ", this.kw("ago")];
      case "Error":
        // Never reached for a file without syntax errors; keep the user's text if it is.
        return this.source.slice(e.span.start, e.span.end);
      default:
        return assertNever(e);
    }
  }

  /** `a and b and c` is one chain: it breaks before every operator or not at all. */
  /**
   * The expression after `where` or `=`: on the same line when its first operand fits there,
   * else from the next line; continuation lines are indented 2.
   */
  private condition(e: Expr): Doc {
    let first: Doc | undefined;
    const doc = e.kind === "Logical" ? this.at(e.span, () => this.logical(e, (d) => (first = d))) : this.expr(e);
    return indent([fitLine(first ?? doc), doc]);
  }

  private logical(e: LogicalExpr, onFirst?: (first: Doc) => void): Doc {
    const operands: Expr[] = [];
    const flatten = (x: Expr): void => {
      if (x.kind === "Logical" && x.op === e.op) {
        flatten(x.left);
        flatten(x.right);
      } else operands.push(x);
    };
    flatten(e);
    const operand = (x: Expr): Doc => (x.kind === "Logical" ? indent(this.expr(x)) : this.expr(x));
    const parts: Doc[] = [operand(operands[0]!)];
    onFirst?.(parts[0]!);
    for (const x of operands.slice(1)) {
      // A comment that ended the line before the operator stays on that line.
      parts.push(this.trailingComments(), line, this.kw(e.op), " ", operand(x));
    }
    return group(parts);
  }

  private call(e: CallExpr): Doc {
    // Print arguments and the `where` filter in source order, whatever the grammar puts first.
    const items: { expr: Expr; filter: boolean }[] = e.args.map((a) => ({ expr: a, filter: false }));
    if (e.filter) items.push({ expr: e.filter, filter: true });
    items.sort((a, b) => a.expr.span.start - b.expr.span.start);
    const parts: Doc[] = [this.ident(e.callee), this.kw("(")];
    items.forEach((it, i) => {
      if (it.filter) parts.push(" ", this.kw("where"), " ");
      else if (i > 0) parts.push(this.kw(","), " ");
      // A chain that breaks inside the parentheses is indented 4, clearly apart from the
      // continuations of the line's own chain.
      parts.push(indent(indent(this.expr(it.expr))));
    });
    parts.push(this.kw(")"));
    return parts;
  }

  private rate(r: Rate): Doc {
    return this.at(r.span, () => {
      switch (r.kind) {
        case "PerRate":
        case "EveryRate":
          return [
            this.kw(r.kind === "PerRate" ? "per" : "every"),
            " ",
            this.unit(r.unitSpan, r.unit, false),
            r.window ? [" ", this.kw("over"), " ", this.window(r.window)] : "",
          ];
        case "AtLeastRate":
          return [
            this.kw("in"),
            " ",
            this.kw("at"),
            " ",
            this.kw("least"),
            " ",
            this.number(r.k),
            " ",
            this.kw("of"),
            " ",
            this.number(r.m),
            " ",
            this.unit(r.unitSpan, r.unit, !isOne(r.m)),
          ];
        default:
          return assertNever(r);
      }
    });
  }

  private window(w: Window): Doc {
    return this.at(w.span, () =>
      w.kind === "LastWindow"
        ? [this.kw("last"), " ", this.duration(w.duration)]
        : [this.kw("from"), " ", this.expr(w.from), " ", this.kw("to"), " ", this.expr(w.to)],
    );
  }

  private duration(d: Duration): Doc {
    return this.at(d.span, () => [this.number(d.amount), " ", this.kw(isOne(d.amount) ? d.unit : `${d.unit}s`)]);
  }

  private unit(span: Span, unit: TimeUnit, plural: boolean): Doc {
    return this.at(span, () => (plural ? `${unit}s` : unit));
  }

  /** `a, b, c)`: as many items per line as fit, continuation lines indented 2. */
  private list<T extends { readonly span: Span }>(xs: readonly T[], print: (x: T) => Doc): Doc {
    const items: Doc[] = xs.map((x, i) => [print(x), this.kw(i === xs.length - 1 ? ")" : ",")]);
    if (items.length === 0) return this.kw(")");
    return indent(fill(items));
  }

  private ident(id: Identifier): Doc {
    return this.at(id.span, () => id.name);
  }

  private string(s: { readonly value: string; readonly span: Span }): Doc {
    return this.at(s.span, () => quoteString(s.value));
  }

  private number(n: NumberLiteral): Doc {
    return this.at(n.span, () => this.numberText(n));
  }

  /** As written (keeps `1_000_000` and `12.50`) when the source agrees with the tree. */
  private numberText(n: NumberLiteral): string {
    const written = this.source.slice(n.span.start, n.span.end);
    if (
      NUMBER_AS_WRITTEN.test(written) &&
      written.endsWith("%") === n.percent &&
      written.replace(/[_%]/g, "") === n.text
    )
      return written;
    return n.text + (n.percent ? "%" : "");
  }

  // ------------------------------------------------------------ tokens and comments

  /**
   * Prints a node: comments before it come first, comments left inside it (after its
   * last token) follow it, and the source cursor moves past it.
   */
  private at(span: Span, print: () => Doc): Doc {
    // Printing out of source order would misplace comments; `format` turns this into a diagnostic.
    if (span.start < this.pos) throw new Error(`printer out of source order at offset ${span.start}`);
    const before = this.flush(span.start, false);
    const doc = print();
    const after = this.flush(span.end, true);
    this.pos = Math.max(this.pos, span.end);
    return [before, doc, after];
  }

  /**
   * Prints a keyword or punctuation, with the comments before it, and moves the cursor past
   * the matching source token. Comments attach to the token after them, except before
   * closing punctuation, where they stay after the previous token.
   */
  private kw(text: string): Doc {
    const p = this.nextToken(this.pos);
    const comments = this.flush(p, CLOSING.has(text));
    const len = this.tokenLength(p);
    if (len > 0 && tokenMatches(this.source.slice(p, p + len), text)) this.pos = p + len;
    return [comments, text];
  }

  /** Steps over an optional token the layout leaves out (the comma after a field or branch). */
  private skipOptional(text: string): void {
    const p = this.nextToken(this.pos);
    if (this.source.startsWith(text, p)) this.pos = p + text.length;
  }

  /** The comments before the next token that are on the same line as the previous one. */
  private trailingComments(): Doc {
    const next = this.nextToken(this.pos);
    const parts: Doc[] = [];
    let cursor = this.pos;
    while (this.ci < this.comments.length) {
      const c = this.comments[this.ci]!;
      if (c.start >= next || countNewlines(this.source, cursor, c.start) > 0) break;
      this.ci++;
      parts.push(this.commentDoc(c, true));
      cursor = c.end;
    }
    return parts;
  }

  private flush(before: number, suffix: boolean): Doc {
    const parts: Doc[] = [];
    while (this.ci < this.comments.length && this.comments[this.ci]!.start < before) {
      parts.push(this.commentDoc(this.comments[this.ci++]!, suffix));
    }
    return parts;
  }

  private commentDoc(c: CommentInfo, suffix: boolean): Doc {
    const body: Doc = c.isLine ? lineComment(c.text) : c.text;
    return suffix ? [" ", body] : c.isLine ? body : [body, " "];
  }

  /** Start of the next token at or after `from`, skipping blanks and comments. */
  private nextToken(from: number): number {
    const s = this.source;
    let i = from;
    for (;;) {
      while (i < s.length && /[\s\uFEFF]/.test(s[i]!)) i++;
      const end = this.commentEnd.get(i);
      if (end === undefined) return i;
      i = Math.max(end, i + 1);
    }
  }

  private tokenLength(p: number): number {
    const s = this.source;
    if (p >= s.length) return 0;
    for (const re of [WORD, NUMBER]) {
      re.lastIndex = p;
      const m = re.exec(s);
      if (m) return m[0].length;
    }
    return TWO_CHAR_OPS.has(s.slice(p, p + 2)) ? 2 : 1;
  }
}

/** The source token is the one being printed (a unit may change number: `1 days` → `1 day`). */
function tokenMatches(source: string, printed: string): boolean {
  return source === printed || (UNIT_WORD.test(source) && UNIT_WORD.test(printed));
}

const UNIT_WORD = /^(minute|hour|day|week|month|quarter|year)s?$/;

function forcedBlank(prev: Declaration, next: Declaration): boolean {
  const isBlock = (d: Declaration): boolean => d.kind === "Entity" || d.kind === "Events" || d.kind === "Segmentation";
  return isBlock(prev) || isBlock(next) || prev.kind !== next.kind;
}

function isOne(n: NumberLiteral): boolean {
  return !n.percent && Number(n.text) === 1;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  const end = Math.min(to, s.length);
  for (let i = from; i < end; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}
