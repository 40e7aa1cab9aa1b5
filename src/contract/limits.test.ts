// Every text field of the API contract has a maximum length (docs/web.md, 长度限制): a walk over
// every exported schema of the contract modules, through objects, arrays, unions, optionals,
// records, pipes and lazies, so a field added later without a limit fails here.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as api from './api.js';
import * as tasks from './tasks.js';
import * as checks from './checks.js';

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Paths of the strings under `schema` that have no maximum length. */
function unbounded(schema: z.ZodType, path: string, seen: Set<z.ZodType>, out: string[]): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = defOf(schema);
  const walk = (s: unknown, p: string) => unbounded(s as z.ZodType, p, seen, out);
  switch (def.type) {
    case 'string':
      if (typeof (schema as z.ZodString).maxLength !== 'number') out.push(path);
      return;
    case 'object':
      for (const [k, v] of Object.entries((schema as z.ZodObject).shape)) walk(v, `${path}.${k}`);
      if (def['catchall'] !== undefined) walk(def['catchall'], `${path}.*`);
      return;
    case 'array':
      return walk(def['element'], `${path}[]`);
    case 'union':
      return (def['options'] as unknown[]).forEach((o, i) => walk(o, `${path}|${i}`));
    case 'intersection':
      walk(def['left'], path);
      return walk(def['right'], path);
    case 'tuple':
      return (def['items'] as unknown[]).forEach((o, i) => walk(o, `${path}[${i}]`));
    case 'record':
      walk(def['keyType'], `${path}{key}`);
      return walk(def['valueType'], `${path}{}`);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return walk(def['innerType'], path);
    case 'pipe':
      walk(def['in'], path);
      return walk(def['out'], path);
    case 'lazy':
      return walk((def['getter'] as () => unknown)(), path);
    default:
      return;
  }
}

const modules = { api, tasks, checks } as Record<string, Record<string, unknown>>;
const schemas = Object.entries(modules).flatMap(([m, exports]) =>
  Object.entries(exports)
    .filter(([, v]) => v instanceof z.ZodType)
    .map(([name, v]) => [`${m}.${name}`, v as z.ZodType] as const),
);

describe('the contract has a length limit on every text field', () => {
  it('finds the schemas (the walk is not vacuous)', () => {
    expect(schemas.length).toBeGreaterThan(100);
    const out: string[] = [];
    unbounded(z.object({ a: z.array(z.union([z.string(), z.record(z.string().max(3), z.string().nullable())])) }), 'probe', new Set(), out);
    expect(out).toEqual(['probe.a[]|0', 'probe.a[]|1{}']);
  });

  it('no z.string() of an exported schema lacks a maximum', () => {
    const out: string[] = [];
    for (const [name, schema] of schemas) unbounded(schema, name, new Set(), out);
    expect(out).toEqual([]);
  });
});
