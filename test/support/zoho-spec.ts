/**
 * Zoho's official OpenAPI files (test/fixtures/zoho-crm-v8, the published bytes) as JSON Schema:
 * OpenAPI 3.0 `nullable` becomes a `null` type, and a validator for any `#/…` pointer of a file.
 * `relaxed` drops what real data breaks (reference §3.6): sample-derived `pattern`s and `format`s,
 * and one-value `enum`s, except those of an error's `code` and `status`, which tell the error kinds apart.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const SPECS = resolve('test/fixtures/zoho-crm-v8');

/** `name` is the property this schema describes, if it is one: `code` and `status` keep their one-value enums. */
function convert(node: unknown, relaxed: boolean, name = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, relaxed));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'examples') continue;
    if (relaxed && (k === 'pattern' || k === 'format')) continue;
    if (relaxed && k === 'enum' && Array.isArray(v) && v.length <= 1 && name !== 'code' && name !== 'status') continue;
    out[k] =
      k === 'properties' && v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([prop, schema]) => [prop, convert(schema, relaxed, prop)]))
        : convert(v, relaxed);
  }
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  delete out.nullable;
  return out;
}

/** One OpenAPI file as JSON Schema. */
export function zohoSpec(file: string, opts: { relaxed: boolean }): Record<string, unknown> {
  return convert(JSON.parse(readFileSync(resolve(SPECS, file), 'utf8')), opts.relaxed) as Record<string, unknown>;
}

/** A validator for one schema of a file, e.g. `#/components/schemas/Response_Wrapper`. */
export function zohoValidator(file: string, ref: string, opts = { relaxed: true }): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ ...zohoSpec(file, opts), $id: 'spec' });
  return ajv.getSchema(`spec${ref}`)!;
}
