import { afterEach, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../../src/server/auth/check-listen-address.js';
import { startProxy, type TestProxy } from '../../helpers/start-proxy.js';

const started: TestProxy[] = [];
afterEach(async () => {
  for (const proxy of started.splice(0)) await proxy.close();
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])(
    'treats %s as loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1', '127.0.0.1.example.com'])(
    'treats %s as reachable from the network',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});

describe('listening beyond loopback', () => {
  it('refuses to start on 0.0.0.0 without PROXY_API_KEY and says why', async () => {
    await expect(startProxy({ PROXY_HOST: '0.0.0.0' })).rejects.toThrow(
      /Refusing to listen on PROXY_HOST=0\.0\.0\.0 without PROXY_API_KEY: anyone who can reach this address could use your backend.*ALLOW_UNAUTHENTICATED=true/,
    );
  });

  it('starts on 0.0.0.0 with PROXY_API_KEY set', async () => {
    const proxy = await startProxy({ PROXY_HOST: '0.0.0.0', PROXY_API_KEY: 'k-123456' });
    started.push(proxy);
    const port = new URL(proxy.url).port;
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });

  it('starts on 0.0.0.0 without a key when ALLOW_UNAUTHENTICATED=true', async () => {
    const proxy = await startProxy({ PROXY_HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' });
    started.push(proxy);
    const port = new URL(proxy.url).port;
    expect((await fetch(`http://127.0.0.1:${port}/v1/models`)).status).toBe(200);
  });
});
