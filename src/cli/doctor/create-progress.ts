import type { ProbeResult } from './doctor-report.js';
import type { ProbeProgress } from './run-probe.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 80;
const CLEAR_LINE = '\r\x1b[2K';

export interface DoctorProgress extends ProbeProgress {
  /** Stops the spinner and clears its line. */
  stop(): void;
}

/**
 * A spinner naming the running probe on a terminal; on anything else (a pipe, a CI log)
 * one plain line per probe, so logs stay readable.
 */
export function createProgress(stream: ProgressStream): DoctorProgress {
  if (!stream.isTTY) {
    return {
      start: (title) => {
        stream.write(`checking ${title}…\n`);
      },
      finish: () => undefined,
      stop: () => undefined,
    };
  }
  let timer: NodeJS.Timeout | undefined;
  let frame = 0;
  let label = '';
  const draw = () => {
    stream.write(`${CLEAR_LINE}${FRAMES[frame % FRAMES.length]} checking ${label}…`);
    frame++;
  };
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    stream.write(CLEAR_LINE);
  };
  return {
    start(title) {
      label = title;
      draw();
      if (!timer) {
        timer = setInterval(draw, FRAME_MS);
        timer.unref();
      }
    },
    finish(_result: ProbeResult) {
      // The next start() redraws; the report is printed once everything has run.
    },
    stop,
  };
}
