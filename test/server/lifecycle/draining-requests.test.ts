import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { buildApp } from '../../../src/server/build-app.js';
import { createAppContext } from '../../../src/server/start-server.js';

describe('requests during shutdown', () => {
  it('answers 529 overloaded_error with connection: close once draining has begun', async () => {
    const config = loadConfig({ OPENAI_MODEL: 'm' }, null);
    const context = createAppContext(config);
    const { activity } = context;
    const app = buildApp(context);
    try {
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      activity.startDraining();
      const response = await app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(529);
      expect(response.headers.connection).toBe('close');
      expect(response.json()).toMatchObject({
        type: 'error',
        error: { type: 'overloaded_error', message: 'The proxy is shutting down; retry the request' },
      });
      expect(activity.requestCount).toBe(0);
    } finally {
      await app.close();
      await context.gateway.providers.close();
    }
  });
});
