// Exact arithmetic on decimal text, for constants the compiler folds (rate thresholds, percentages).

function toScaled(text: string): { units: bigint; scale: number } {
  const neg = text.startsWith("-");
  const t = neg || text.startsWith("+") ? text.slice(1) : text;
  const [i = "0", f = ""] = t.split(".");
  const units = BigInt((i || "0") + f);
  return { units: neg ? -units : units, scale: f.length };
}

function fromScaled(units: bigint, scale: number): string {
  const neg = units < 0n;
  let digits = (neg ? -units : units).toString().padStart(scale + 1, "0");
  if (scale > 0) digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return (neg ? "-" : "") + digits;
}

/** text × n, keeping the scale of text. */
export function mulDecimalInt(text: string, n: number | bigint): string {
  const { units, scale } = toScaled(text);
  return fromScaled(units * BigInt(n), scale);
}

/** text / 100, exactly (percent to fraction). */
export function divBy100(text: string): string {
  const { units, scale } = toScaled(text);
  return fromScaled(units, scale + 2);
}

export function decimalScale(text: string): number {
  return toScaled(text).scale;
}
