/**
 * Proxy settings a benchmark run passes through from its own environment, so the same
 * benchmark compares configurations: `INSPECTOR=false npm run bench` against `npm run bench`
 * shows what recording exchanges for the inspector costs.
 */
export function benchProxySettings(): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of ['INSPECTOR', 'INSPECTOR_MAX_EXCHANGES', 'INSPECTOR_MAX_BODY_KB']) {
    const value = process.env[name];
    if (value !== undefined) settings[name] = value;
  }
  return settings;
}
