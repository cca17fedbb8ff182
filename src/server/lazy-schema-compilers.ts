import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>;
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;
/** Both packages export a selector that returns such a factory: (external schemas, options) => compile. */
type CompilerFactory = (externalSchemas: unknown, options: unknown) => unknown;

/**
 * Fastify's own JSON Schema compilers (ajv and fast-json-stringify), required only when a
 * route first declares a schema. Fastify requires both when the app is built, but every
 * route here validates with zod and declares none, so the proxy would hold ajv's code
 * (about 4 MiB resident) without ever calling it. Each factory is the package Fastify itself
 * would use, resolved from Fastify's own location, so a route given a schema is compiled the
 * same way (except that Fastify leaves a headers schema's keys as written for a compiler it
 * did not choose itself).
 */
export function lazySchemaCompilers(): Required<CompilersFactory> {
  const lazily = (packageName: string) => {
    let factory: CompilerFactory | undefined;
    return (externalSchemas: unknown, options: unknown) => {
      const fastifyMain = createRequire(import.meta.url).resolve('fastify');
      factory ??= (createRequire(fastifyMain)(packageName) as () => CompilerFactory)();
      return factory(externalSchemas, options);
    };
  };
  return {
    buildValidator: lazily('@fastify/ajv-compiler') as ValidatorFactory,
    buildSerializer: lazily('@fastify/fast-json-stringify-compiler') as SerializerFactory,
  };
}
