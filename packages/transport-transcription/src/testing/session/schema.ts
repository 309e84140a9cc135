/**
 * A tiny strict JSON schema walker: the real server refuses unknown fields, wrong types and bad enum values
 * with the dotted path of the first offending field, so the simulator must name the same path.
 */
import { eventErrors, type WireError } from '../errors.js';

/** One node of a schema. `nullable` lets `null` through (e.g. `turn_detection: null` turns VAD off). */
export type SchemaNode = { nullable?: boolean } & (
  | {
      kind: 'object';
      fields: Record<string, SchemaNode>;
      required?: readonly string[];
    }
  | {
      kind: 'variants';
      variants: Record<string, SchemaNode & { kind: 'object' }>;
    }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'string' }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'array'; items: SchemaNode; minItems?: number }
);

/** `an object`, `a string`…: the JSON type of a value as the server's `invalid_type` message names it. */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'an integer' : 'a decimal';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Returns the first error in `value` against `node` at dotted `path`, or `null` when it conforms. */
export function check(
  node: SchemaNode,
  value: unknown,
  path: string,
): WireError | null {
  if (value === null) {
    return node.nullable
      ? null
      : eventErrors.invalidType(path, expectedOf(node), 'null');
  }
  switch (node.kind) {
    case 'object':
      return checkObject(node, value, path);
    case 'variants': {
      if (!isObject(value))
        return eventErrors.invalidType(path, 'an object', describeType(value));
      if (value.type === undefined)
        return eventErrors.missingParameter(`${path}.type`);
      const variant =
        typeof value.type === 'string' ? node.variants[value.type] : undefined;
      if (!variant)
        return eventErrors.invalidValue(
          String(value.type),
          Object.keys(node.variants),
          `${path}.type`,
        );
      return checkObject(variant, value, path);
    }
    case 'enum':
      if (typeof value !== 'string')
        return eventErrors.invalidType(path, 'a string', describeType(value));
      return node.values.includes(value)
        ? null
        : eventErrors.invalidValue(value, node.values, path);
    case 'string':
      return typeof value === 'string'
        ? null
        : eventErrors.invalidType(path, 'a string', describeType(value));
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return eventErrors.invalidType(path, 'an integer', describeType(value));
      }
      if (node.min !== undefined && value < node.min)
        return eventErrors.belowMin(path, node.min, value);
      if (node.max !== undefined && value > node.max)
        return eventErrors.aboveMax(path, node.max, value);
      return null;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return eventErrors.invalidType(path, 'a number', describeType(value));
      }
      return value < node.min || value > node.max
        ? eventErrors.numberOutOfRange(path, node.min, node.max, value)
        : null;
    case 'array':
      return checkArray(node, value, path);
  }
}

function checkObject(
  node: SchemaNode & { kind: 'object' },
  value: unknown,
  path: string,
): WireError | null {
  if (!isObject(value))
    return eventErrors.invalidType(path, 'an object', describeType(value));
  // Key order of the client's object decides which error comes first, as a streaming parser would.
  for (const [key, child] of Object.entries(value)) {
    const field = node.fields[key];
    const childPath = path ? `${path}.${key}` : key;
    if (!field) return eventErrors.unknownParameter(childPath);
    const error = check(field, child, childPath);
    if (error) return error;
  }
  for (const key of node.required ?? []) {
    if (value[key] === undefined)
      return eventErrors.missingParameter(path ? `${path}.${key}` : key);
  }
  return null;
}

function checkArray(
  node: SchemaNode & { kind: 'array' },
  value: unknown,
  path: string,
): WireError | null {
  if (!Array.isArray(value))
    return eventErrors.invalidType(path, 'an array', describeType(value));
  if (node.minItems !== undefined && value.length < node.minItems)
    return eventErrors.emptyArray(path);
  for (const [index, item] of value.entries()) {
    const error = check(node.items, item, `${path}[${index}]`);
    if (error) return error;
  }
  return null;
}

function expectedOf(node: SchemaNode): string {
  switch (node.kind) {
    case 'object':
    case 'variants':
      return 'an object';
    case 'array':
      return 'an array';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    default:
      return 'a string';
  }
}
