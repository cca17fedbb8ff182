import { createRequire } from 'node:module';

/** Read once from package.json, which sits one level above both src/ and dist/. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;
export const NAME = 'infiniproxy';
