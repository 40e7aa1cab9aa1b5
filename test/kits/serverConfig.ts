// Server settings for tests: quiet, an in-memory database, everything else the shipped defaults.
import { DEFAULTS, type ServerConfig } from '../../src/server/config.js';

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...DEFAULTS, db: ':memory:', logLevel: 'silent', ...overrides } as ServerConfig;
}
