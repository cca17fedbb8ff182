import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium package; CHROMIUM_PATH points elsewhere. Nothing is ever downloaded. */
const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The flags a closed sandboxed machine needs: no sandbox (CI runs as root), no GPU, and none
 * of the background connections to Google's services that would be refused there.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type LaunchResult = { browser: Browser; reason?: undefined } | { browser?: undefined; reason: string };

/**
 * Starts headless Chromium through playwright-core, or says why it could not. A browser test
 * skips with that reason, unless REQUIRE_BROWSER=1 (set by .ci/run) makes it a failure.
 */
export async function launchChromium(): Promise<LaunchResult> {
  if (!existsSync(EXECUTABLE)) {
    return { reason: `no Chromium at ${EXECUTABLE} (apt-get install chromium, or set CHROMIUM_PATH)` };
  }
  try {
    // Playwright gives each launch a fresh, empty profile directory of its own.
    const browser = await chromium.launch({
      executablePath: EXECUTABLE,
      headless: true,
      args: FLAGS,
      timeout: 30_000,
    });
    return { browser };
  } catch (error) {
    return { reason: `Chromium at ${EXECUTABLE} did not start: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** REQUIRE_BROWSER=1: a browser that cannot start fails the run instead of skipping the test. */
export const browserRequired = process.env.REQUIRE_BROWSER === '1';
