/**
 * A unified diff of two texts, line by line (Myers' algorithm), as `diff -u` prints it: hunks with
 * three lines of context. Past `MAX_EDITS` changed lines it gives up and says how long each side is,
 * since a snapshot that wholly changed is better read in the files themselves.
 */
const CONTEXT = 3;
const MAX_EDITS = 2_000;

type Edit = { kind: ' ' | '-' | '+'; line: string };

export function unifiedDiff(before: string, after: string, labels: { before: string; after: string }): string[] {
  if (before === after) return [];
  const a = splitLines(before);
  const b = splitLines(after);
  const edits = editScript(a, b);
  if (!edits) return [`--- ${labels.before}`, `+++ ${labels.after}`, `(too many changes to show: ${a.length} lines before, ${b.length} after)`];
  return [`--- ${labels.before}`, `+++ ${labels.after}`, ...hunks(edits)];
}

/** Lines, the last one marked when the text does not end with a newline, as diff marks it. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += '\n\\ No newline at end of file';
  return lines;
}

/** The shortest edit script from `a` to `b`, or undefined when it needs more than MAX_EDITS edits. */
function editScript(a: readonly string[], b: readonly string[]): Edit[] | undefined {
  const max = Math.min(a.length + b.length, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= a.length && y >= b.length) return backtrack(trace, a, b, offset);
    }
  }
  return undefined;
}

function backtrack(trace: Int32Array[], a: readonly string[], b: readonly string[], offset: number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d];
    const k = x - y;
    const previousK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const previousX = v[offset + previousK];
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      edits.push({ kind: ' ', line: a[--x] });
      y--;
    }
    if (d > 0) edits.push(x === previousX ? { kind: '+', line: b[--y] } : { kind: '-', line: a[--x] });
  }
  return edits.reverse();
}

/** Changed lines grouped into hunks with their context, each under its `@@ -a,n +b,m @@` header. */
function hunks(edits: readonly Edit[]): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < edits.length) {
    while (i < edits.length && edits[i].kind === ' ') i++;
    if (i === edits.length) break;
    const start = Math.max(0, i - CONTEXT);
    // A hunk runs on while the next change is within twice the context.
    let end = i;
    for (let j = i; j < edits.length; j++) {
      if (edits[j].kind !== ' ') end = j;
      else if (j - end > 2 * CONTEXT) break;
    }
    end = Math.min(edits.length, end + CONTEXT + 1);
    const before = edits.slice(0, start);
    const oldStart = before.filter((edit) => edit.kind !== '+').length;
    const newStart = before.filter((edit) => edit.kind !== '-').length;
    const hunk = edits.slice(start, end);
    const oldCount = hunk.filter((edit) => edit.kind !== '+').length;
    const newCount = hunk.filter((edit) => edit.kind !== '-').length;
    lines.push(`@@ -${oldStart + (oldCount ? 1 : 0)},${oldCount} +${newStart + (newCount ? 1 : 0)},${newCount} @@`, ...hunk.map((edit) => edit.kind + edit.line));
    i = end;
  }
  return lines;
}
