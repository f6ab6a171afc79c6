import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';

/** A JSON value of an OpenAPI document. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** One response an OpenAPI document declares: `METHOD path status`. */
export interface DeclaredResponse {
  method: string;
  path: string;
  status: string;
}

/** A real HTTP response, as supertest gives it. */
export interface ObservedResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
  text: string;
}

const SCHEMAS_ID = 'rag-api-openapi';
// OpenAPI-only keywords with no JSON Schema meaning; the `discriminator` names which branch of
// a oneOf applies, and the oneOf alone already validates that (ajv's own discriminator support
// refuses `mapping`, which OpenAPI tools need).
const DROPPED = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'deprecated', 'readOnly', 'writeOnly']);

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv. ajv has a `nullable` keyword of its own, but it only
 * widens `type`: `{ nullable: true, allOf: [{ $ref }] }`, which Nest writes for a nullable DTO
 * property, would still reject null through the `$ref`. So `nullable` is rewritten here:
 * `type: [t, 'null']` (plus `null` in an `enum`) when the schema has a type and no composition,
 * `anyOf: [{ type: 'null' }, schema]` otherwise. Objects that list their `properties` and say
 * nothing of others get `additionalProperties: false`: a field served but not documented is drift too.
 */
export function toJsonSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') out[key] = value.replace(/^#\/components\/schemas\//, `${SCHEMAS_ID}#/$defs/`);
    else if (key === 'properties' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, toJsonSchema(property)]));
    } else out[key] = toJsonSchema(value);
  }
  const composed = ['$ref', 'allOf', 'oneOf', 'anyOf'].some((key) => key in out);
  if ('properties' in out && !('additionalProperties' in out) && !composed) out['additionalProperties'] = false;
  if (schema['nullable'] !== true) return out;
  if (typeof out['type'] === 'string' && !composed) {
    out['type'] = [out['type'], 'null'];
    if (Array.isArray(out['enum'])) out['enum'] = [...out['enum'], null];
    return out;
  }
  return { anyOf: [{ type: 'null' }, out] };
}

/**
 * The served OpenAPI document as a checker of real responses: the body against the declared
 * schema of its status and content type, and each declared header against its schema.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ allErrors: true, strict: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: JsonObject) {
    const schemas = ((document['components'] as JsonObject | undefined)?.['schemas'] ?? {}) as JsonObject;
    const defs = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, toJsonSchema(schema)]));
    this.ajv.addSchema({ $id: SCHEMAS_ID, $defs: defs });
  }

  /** Every `METHOD path status` the document declares. */
  declared(): DeclaredResponse[] {
    const paths = this.document['paths'] as Record<string, Record<string, JsonObject>>;
    return Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        Object.keys(operation['responses'] as JsonObject).map((status) => ({ method: method.toUpperCase(), path, status })),
      ),
    );
  }

  /** The operation object of `METHOD path`. */
  operation(method: string, path: string): JsonObject | undefined {
    return (this.document['paths'] as Record<string, Record<string, JsonObject>>)[path]?.[method.toLowerCase()];
  }

  /** Problems of `res` against the document (empty when it conforms). */
  check(method: string, path: string, res: ObservedResponse): string[] {
    const where = `${method} ${path} → ${res.status}`;
    const responses = this.operation(method, path)?.['responses'] as Record<string, JsonObject> | undefined;
    if (!responses) return [`${method} ${path} is not in the document`];
    const declared = responses[String(res.status)];
    if (!declared) return [`${where}: status not declared (declared: ${Object.keys(responses).join(', ')})`];
    return [...this.checkBody(where, declared, res), ...this.checkHeaders(where, declared, res)];
  }

  private checkBody(where: string, declared: JsonObject, res: ObservedResponse): string[] {
    const content = declared['content'] as Record<string, JsonObject> | undefined;
    const mediaType = (res.headers['content-type'] ?? '').split(';')[0].trim();
    if (!content) return res.text.length === 0 ? [] : [`${where}: a body was served, none is declared`];
    const entry = content[mediaType];
    if (!entry) return [`${where}: content type "${mediaType}" not declared (declared: ${Object.keys(content).join(', ')})`];
    const body = mediaType === 'application/json' ? res.body : res.text;
    return this.problems(`${where} body`, entry['schema'] ?? {}, body);
  }

  private checkHeaders(where: string, declared: JsonObject, res: ObservedResponse): string[] {
    const headers = (declared['headers'] as Record<string, JsonObject> | undefined) ?? {};
    return Object.entries(headers).flatMap(([name, header]) => {
      const value = res.headers[name.toLowerCase()];
      if (value === undefined) return header['required'] === true ? [`${where}: header ${name} is missing`] : [];
      return this.problems(`${where} header ${name}`, header['schema'] ?? {}, value);
    });
  }

  private problems(where: string, schema: Json, value: unknown): string[] {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.validators.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
