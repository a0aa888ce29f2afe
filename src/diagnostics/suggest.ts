// Did-you-mean, after graphql-js `suggestionList`: options within a third of the input's length
// in (Damerau) edit distance, closest first, at most five.
export function suggest(input: string, options: Iterable<string>): string[] {
  const threshold = Math.floor(input.length * 0.4) + 1;
  const scored: { option: string; distance: number }[] = [];
  const lower = input.toLowerCase();
  for (const option of new Set(options)) {
    if (option === input) continue;
    const distance = option.toLowerCase() === lower ? 0.5 : editDistance(lower, option.toLowerCase(), threshold);
    if (distance <= threshold) scored.push({ option, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || (a.option < b.option ? -1 : a.option > b.option ? 1 : 0));
  return scored.slice(0, 5).map((s) => s.option);
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i]!;
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
  }
  return rows[a.length]![b.length]!;
}
