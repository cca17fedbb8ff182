import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogFormat } from '../../config/config.js';
import { createCoalescingDestination, createRedactingDestination } from './create-log-destination.js';
import { shortenLogBody } from './shorten-log-body.js';

export interface CreateLoggerOptions {
  debug: boolean;
  format: LogFormat;
  /** Never written to a log line: the backend key and the proxy's client keys. */
  secrets: ReadonlyArray<string | undefined>;
  /** Append to this file instead of stdout. */
  file?: string | undefined;
  /** Write to this stream instead (tests capture the lines). */
  destination?: DestinationStream | undefined;
}

const STDOUT = 1;

/**
 * The proxy's pino logger: JSON lines by default, pino-pretty's colourised text with
 * LOG_FORMAT=pretty (loaded only then). Secrets are removed from every line before it is
 * formatted or written.
 */
export async function createLogger(options: CreateLoggerOptions): Promise<Logger> {
  const output = options.destination ?? options.file ?? STDOUT;
  const target =
    options.format === 'pretty'
      ? await openPrettyStream(output)
      : typeof output === 'object'
        ? output
        : createCoalescingDestination(pino.destination({ dest: output, sync: true }));
  return pino(
    {
      level: options.debug ? 'debug' : 'info',
      serializers: { requestBody: shortenLogBody, upstreamRequest: shortenLogBody },
    },
    createRedactingDestination(target, options.secrets),
  );
}

async function openPrettyStream(output: number | string | DestinationStream): Promise<DestinationStream> {
  const { default: pinoPretty } = await import('pino-pretty');
  return pinoPretty({
    destination: output as number | string | NodeJS.WritableStream,
    // Colours only where a person reads a terminal, never into a file or a captured stream.
    colorize: output === STDOUT && process.stdout.isTTY === true,
    sync: typeof output !== 'object',
  });
}
