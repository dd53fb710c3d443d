import type { Context } from 'hono';
import { validator } from 'hono/validator';
import * as v from 'valibot';
import { ApiProblem } from './problem.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** The schema's output, or a 400 naming every field at fault (`details.fields`). */
function parse<S extends v.GenericSchema>(schema: S, value: unknown, what: 'fields' | 'query parameters' | 'headers') {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output as v.InferOutput<S>;
  // The top-level field only: a nested key is the client's text, and may be hostile.
  const fields = [...new Set(result.issues.map((issue) => String(issue.path?.[0]?.key ?? 'body')))];
  throw new ApiProblem(400, 'bad_request', `Invalid or missing ${what}: ${fields.join(', ')}.`, { fields });
}

const isJson = (c: Context) => JSON_MEDIA_TYPE.test((c.req.header('Content-Type') ?? '').split(';')[0]!.trim());

/** Validates the JSON body: `c.req.valid('json')` is then the schema's output. */
export const jsonBody = <S extends v.GenericSchema>(schema: S) =>
  validator('json', (value, c) => {
    // Hono reads only a body labelled as JSON; anything else would look like a body with no fields.
    if (!isJson(c)) {
      throw new ApiProblem(400, 'bad_request', 'The body must be JSON, sent with Content-Type: application/json.', {
        fields: ['body'],
      });
    }
    return parse(schema, value, 'fields');
  });

/** Validates the query string: `c.req.valid('query')`. A parameter given twice is an error. */
export const queryParams = <S extends v.GenericSchema>(schema: S) =>
  validator('query', (value) => parse(schema, value, 'query parameters'));

/** Validates the path's parameters: `c.req.valid('param')`. */
export const pathParams = <S extends v.GenericSchema>(schema: S) =>
  validator('param', (value) => parse(schema, value, 'fields'));

/**
 * Validates the headers the schema names, by their lower-case names: `c.req.valid('header')`. A
 * client-chosen header such as `Idempotency-Key` follows the same rules as the body's fields.
 */
export const requestHeaders = <S extends v.GenericSchema>(schema: S) =>
  validator('header', (value) => parse(schema, value, 'headers'));
