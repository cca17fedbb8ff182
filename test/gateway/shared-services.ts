import pg from 'pg';

/** Set by scripts/test-services.sh (and .ci/run): real PostgreSQL and Redis on 127.0.0.1. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
export const servicesAvailable = Boolean(TEST_DATABASE_URL && TEST_REDIS_URL);

if (!servicesAvailable) {
  console.warn(
    'Skipping the PostgreSQL and Redis integration tests: TEST_DATABASE_URL and TEST_REDIS_URL are not set. ' +
      'Run eval "$(scripts/test-services.sh start)" first, or npm run test:services.',
  );
}

/**
 * A fresh database of its own for one test file (files run in parallel), created from
 * nothing so the migrations run as in a new deployment; returns its URL.
 */
export async function freshDatabase(url: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return fresh.toString();
}
