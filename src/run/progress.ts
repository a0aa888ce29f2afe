// Progress of long loads on a terminal (standard error); silent when it is not a TTY.
import { formatCount } from "./errors.js";

export interface Progress {
  /** Starts a step; `poll` gives the percentage done so far (or -1 when unknown). */
  start(label: string, poll?: () => number): void;
  /** Ends the step, e.g. with the rows it loaded. */
  done(rows?: number): void;
}

export const silentProgress: Progress = { start() {}, done() {} };

/** Progress that rewrites one line of `stream` while a step runs and leaves a summary behind. */
export function ttyProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 200): Progress {
  let label = "";
  let timer: NodeJS.Timeout | undefined;
  const write = (text: string, end = ""): void => {
    stream.write(`\r\x1b[2K${text}${end}`);
  };
  return {
    start(l, poll) {
      label = l;
      write(`${label} …`);
      if (poll)
        timer = setInterval(() => {
          const p = poll();
          if (p >= 0) write(`${label} … ${Math.min(99, Math.floor(p))}%`);
        }, intervalMs);
    },
    done(rows) {
      if (timer) clearInterval(timer);
      timer = undefined;
      write(`${label} … ${rows === undefined ? "done" : `${formatCount(rows)} rows`}`, "\n");
    },
  };
}

export const progressFor = (stream: NodeJS.WriteStream = process.stderr): Progress => (stream.isTTY ? ttyProgress(stream) : silentProgress);
