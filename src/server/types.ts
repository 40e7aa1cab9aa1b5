// What every route module receives.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Clock, Store } from '../store/index.js';
import type { AssessmentKeeper } from '../services/freshness.js';
import type { ServerConfig } from './config.js';

/** The Fastify instance with Zod schemas as the type provider. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface AppDeps {
  store: Store;
  config: ServerConfig;
  /** ISO timestamps; tests pass a clock they move (lock-out expiry, session timeout). */
  clock: Clock;
  /** Keeps the latest run current after writes (default: one made by buildApp). */
  keeper?: AssessmentKeeper;
}
