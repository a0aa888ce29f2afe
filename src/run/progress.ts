// Progress of long steps on a terminal (standard error): a step that ends within `delayMs` prints
// nothing, a longer one shows a live percentage and leaves a summary line. Silent off a TTY.

export interface Progress {
  /** Starts a step; `poll` gives the percentage done so far (or -1 when unknown). */
  start(label: string, poll?: () => number): void;
  /** Ends the step, with what it produced (`10,000,000 rows`). */
  done(result?: string): void;
}

export const silentProgress: Progress = { start() {}, done() {} };

export function ttyProgress(stream: NodeJS.WriteStream = process.stderr, delayMs = 500, intervalMs = 200): Progress {
  let label = "";
  let shown = false;
  let timer: NodeJS.Timeout | undefined;
  const write = (text: string, end = ""): void => {
    stream.write(`\r\x1b[2K${text}${end}`);
  };
  const stop = (): void => {
    if (timer) clearTimeout(timer);
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  return {
    start(l, poll) {
      stop();
      label = l;
      shown = false;
      timer = setTimeout(() => {
        shown = true;
        write(`${label} …`);
        timer = setInterval(() => {
          const p = poll?.() ?? -1;
          if (p >= 0) write(`${label} … ${Math.min(99, Math.floor(p))}%`);
        }, intervalMs);
      }, delayMs);
    },
    done(result) {
      stop();
      if (shown) write(`${label} … ${result ?? "done"}`, "\n");
      shown = false;
    },
  };
}

export const progressFor = (stream: NodeJS.WriteStream = process.stderr): Progress =>
  stream.isTTY ? ttyProgress(stream) : silentProgress;
