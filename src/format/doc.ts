// A tiny Wadler-style document algebra for `seg fmt`: text, soft line breaks, groups
// that break only when they do not fit, fills, and indentation. Comments that must end
// a line are a first-class item so the renderer, not the printer, guarantees that no
// code ever lands after a `//` comment.

export type Doc = string | readonly Doc[] | Line | FitLine | Group | Fill | Indent | LineComment;

/** A space when its group is flat, a newline (at the current indentation) when it breaks. */
export interface Line {
  readonly t: "line";
}

/** A space when ` ` + `measure` (all flat) fits on the current line, else a newline. */
export interface FitLine {
  readonly t: "fit-line";
  readonly measure: Doc;
}

export interface Group {
  readonly t: "group";
  readonly contents: Doc;
  /** Precomputed: the contents hold something that cannot be flat (a `//` comment, a multi-line comment). */
  readonly hard: boolean;
}

/** Items separated by a space, or by a newline before an item that would not fit. */
export interface Fill {
  readonly t: "fill";
  readonly items: readonly Doc[];
}

export interface Indent {
  readonly t: "indent";
  readonly contents: Doc;
}

/** `// …` or `/// …`: printed as is, then the next text starts on a new line. */
export interface LineComment {
  readonly t: "line-comment";
  readonly text: string;
}

type Node = Line | FitLine | Group | Fill | Indent | LineComment;

export const line: Line = { t: "line" };

export function fitLine(measure: Doc): FitLine {
  return { t: "fit-line", measure };
}

export function indent(contents: Doc): Indent {
  return { t: "indent", contents };
}

export function group(contents: Doc): Group {
  return { t: "group", contents, hard: isHard(contents) };
}

export function fill(items: readonly Doc[]): Fill {
  return { t: "fill", items };
}

export function lineComment(text: string): LineComment {
  return { t: "line-comment", text };
}

/** Whether `doc` can never be printed on one line; groups around it must break. */
export function isHard(doc: Doc): boolean {
  if (typeof doc === "string") return doc.includes("\n");
  if (Array.isArray(doc)) return doc.some(isHard);
  const d = doc as Node;
  switch (d.t) {
    case "line":
    case "fit-line":
      return false;
    case "group":
      return d.hard;
    case "fill":
      return d.items.some(isHard);
    case "indent":
      return isHard(d.contents);
    case "line-comment":
      return true;
  }
}

type Mode = "flat" | "break";
interface Cmd {
  readonly ind: number;
  readonly mode: Mode;
  readonly doc: Doc;
}

/** Internal: decides, once the item before it is printed, whether the next fill item starts a line. */
interface FillSeparator {
  readonly t: "fill-separator";
  readonly next: Doc;
}

/**
 * Renders `doc` starting at column `indentation` (the caller writes that indentation).
 * Lines never end in spaces. `endsInLineComment` tells the caller that nothing more
 * may be appended to the last line.
 */
export function render(doc: Doc, indentation: number, width: number): { text: string; endsInLineComment: boolean } {
  const out: string[] = [];
  let col = indentation;
  // Set after a `//` comment: the next non-blank text must start a new line.
  let needNewline = false;
  const newline = (ind: number): void => {
    trimTrailing(out);
    out.push("\n", " ".repeat(ind));
    col = ind;
    needNewline = false;
  };
  const write = (ind: number, text: string): void => {
    if (needNewline) {
      if (text.trim() === "") return;
      newline(ind);
      text = text.trimStart();
    }
    out.push(text);
    const nl = text.lastIndexOf("\n");
    col = nl < 0 ? col + columns(text) : columns(text.slice(nl + 1));
  };
  const fitsFlat = (d: Doc, ind: number, room: number): boolean => fits({ ind, mode: "flat", doc: d }, [], room);

  const cmds: { ind: number; mode: Mode; doc: Doc | FillSeparator }[] = [{ ind: indentation, mode: "break", doc }];
  while (cmds.length > 0) {
    const { ind, mode, doc: d } = cmds.pop()!;
    if (typeof d === "string") {
      write(ind, d);
      continue;
    }
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) cmds.push({ ind, mode, doc: d[i] as Doc });
      continue;
    }
    const n = d as Node | FillSeparator;
    switch (n.t) {
      case "line":
        if (mode === "break") newline(ind);
        else write(ind, " ");
        break;
      case "fit-line":
        if (mode === "flat" || needNewline || fitsFlat([" ", n.measure], ind, width - col)) write(ind, " ");
        else newline(ind);
        break;
      case "indent":
        cmds.push({ ind: ind + 2, mode, doc: n.contents });
        break;
      case "group": {
        const flat =
          mode === "flat" || (!n.hard && fits({ ind, mode: "flat", doc: n.contents }, cmds as Cmd[], width - col));
        cmds.push({ ind, mode: flat ? "flat" : "break", doc: n.contents });
        break;
      }
      case "fill": {
        const [head, ...tail] = n.items;
        if (head === undefined) break;
        if (tail.length > 0) {
          cmds.push({ ind, mode, doc: fill(tail) });
          cmds.push({ ind, mode, doc: { t: "fill-separator", next: tail[0]! } });
        }
        cmds.push({ ind, mode: mode === "flat" || fitsFlat(head, ind, width - col) ? "flat" : "break", doc: head });
        break;
      }
      case "fill-separator":
        if (mode === "flat" || needNewline || fitsFlat([" ", n.next], ind, width - col)) write(ind, " ");
        else newline(ind);
        break;
      case "line-comment":
        write(ind, n.text);
        needNewline = true;
        break;
    }
  }
  trimTrailing(out);
  return { text: out.join(""), endsInLineComment: needNewline };
}

function trimTrailing(out: string[]): void {
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    const trimmed = last.replace(/[ \t]+$/, "");
    if (trimmed === "") {
      out.pop();
      continue;
    }
    out[out.length - 1] = trimmed;
    return;
  }
}

/** Does `next`, printed flat, and what follows it up to the next line break fit in `width`? */
function fits(
  next: Cmd,
  rest: readonly { ind: number; mode: Mode; doc: Doc | FillSeparator }[],
  width: number,
): boolean {
  const stack: { ind: number; mode: Mode; doc: Doc | FillSeparator }[] = [next];
  let restIndex = rest.length;
  while (width >= 0) {
    if (stack.length === 0) {
      if (restIndex === 0) return true;
      stack.push(rest[--restIndex]!);
      continue;
    }
    const { ind, mode, doc: d } = stack.pop()!;
    if (typeof d === "string") {
      const nl = d.indexOf("\n");
      if (nl >= 0) return width - columns(d.slice(0, nl)) >= 0;
      width -= columns(d);
      continue;
    }
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push({ ind, mode, doc: d[i] as Doc });
      continue;
    }
    const n = d as Node | FillSeparator;
    switch (n.t) {
      case "line":
      case "fit-line":
      case "fill-separator":
        if (mode === "break") return true;
        width -= 1;
        break;
      case "indent":
        stack.push({ ind: ind + 2, mode, doc: n.contents });
        break;
      case "group":
        stack.push({ ind, mode: n.hard ? "break" : mode, doc: n.contents });
        break;
      case "fill":
        // Flat: all items on this line. Breaking: only the first item is sure to be on it.
        if (mode === "flat")
          stack.push({ ind, mode, doc: n.items.flatMap((item, i) => (i === 0 ? [item] : [" ", item])) });
        else if (n.items.length > 0) stack.push({ ind, mode, doc: [n.items[0]!, line] });
        break;
      case "line-comment":
        // A comment at the end of a line does not count against the width.
        return true;
    }
  }
  return false;
}

/** Columns taken by `text`: one per code point (an emoji is one, not two UTF-16 units). */
export function columns(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}
