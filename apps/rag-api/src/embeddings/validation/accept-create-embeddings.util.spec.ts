import { BadRequestException } from '@nestjs/common';
import type { ArgumentMetadata } from '@nestjs/common';
import { useContainer } from 'class-validator';
import fc from 'fast-check';
import { createValidationPipe } from '../../common/validation.pipe';
import type { RagApiConfig } from '../../config/rag-api.config';
import { CreateEmbeddingsDto } from '../dto/create-embeddings.dto';
import { acceptCreateEmbeddings } from './accept-create-embeddings.util';
import { EmbeddingInputConstraint } from './embedding-input.constraint';

const MAX_CHARS = 12;
const constraint = new EmbeddingInputConstraint({ maxInputChars: MAX_CHARS } as RagApiConfig);
// class-validator builds constraints through this container, as configureApp makes it do in the app.
useContainer({ get: <T>(cls: unknown) => (cls === EmbeddingInputConstraint ? constraint : new (cls as new () => object)()) as T });

const metadata: ArgumentMetadata = { type: 'body', metatype: CreateEmbeddingsDto, data: undefined };
const classValidatorPipe = createValidationPipe();
const fastPipe = createValidationPipe(new Map([[CreateEmbeddingsDto, (body: unknown) => acceptCreateEmbeddings(body, constraint)]]));

/** The pipe's answer: the value it returns, or the 400 body it throws. */
async function outcome(pipe: typeof fastPipe, body: unknown): Promise<{ value: unknown } | { error: unknown }> {
  try {
    return { value: await pipe.transform(body, metadata) };
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return { error: error.getResponse() };
  }
}

/** Text with what length rules count differently: surrogate pairs, variation selectors, NUL, lone surrogates. */
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'b', ' ', 'é') },
  { weight: 1, arbitrary: fc.constantFrom('\ufe0f', '\ufe0e', '😀', '\u0000', '\ud800', 'x'.repeat(250)) },
);
const text = fc.string({ unit, maxLength: 14 });
const field = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });
const anyJson = fc.jsonValue({ maxDepth: 2 });
/** A body as JSON.parse makes it (so `__proto__` is an own key), with the DTO's fields, wrong types, nulls and extras. */
/** Mostly values the DTO accepts, sometimes not. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) => fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: invalid });
const body = fc
  .record({
    input: mostly(fc.oneof(text, fc.array(text, { maxLength: 5 })), fc.oneof(fc.constant(null), anyJson)),
    model: field(mostly(text, fc.oneof(fc.constant(null), fc.integer(), fc.constant('m'.repeat(257))))),
    encoding_format: field(mostly(fc.constantFrom('float', 'base64'), fc.oneof(fc.constantFrom('FLOAT', '', null), anyJson))),
    dimensions: field(mostly(fc.integer({ min: -3, max: 9000 }), fc.oneof(fc.double({ noNaN: true }), fc.constantFrom('384', null, 1.5)))),
    user: field(mostly(text, fc.oneof(fc.integer(), fc.constant('u'.repeat(257))))),
    extra: field(fc.oneof(fc.constantFrom('extra', '__proto__', 'constructor', 'prototype'), text)),
    extraValue: anyJson,
    order: fc.boolean(),
  })
  .map(({ extra, extraValue, order, ...fields }) => {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (extra !== undefined) entries.push([extra, extraValue]);
    if (order) entries.reverse();
    return JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) as unknown;
  });

/** A fresh copy made as body-parser makes a body (the pipe strips and closes gaps in place; structuredClone would build objects of another realm under Jest). */
const clone = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('acceptCreateEmbeddings (the fast path of POST /v1/embeddings bodies)', () => {
  it('never accepts what class-validator refuses, and returns what the pipe returns', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const fast = acceptCreateEmbeddings(clone(value), constraint);
        const full = await outcome(classValidatorPipe, clone(value));
        if (fast !== null) {
          accepted += 1;
          expect(full).toStrictEqual({ value: fast });
        }
      }),
      { numRuns: 2000 },
    );
    // The property is not vacuous: the generator gives valid bodies often enough.
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(2000);
  });

  it('the pipe with the fast path answers exactly as without: the same DTO, or the same 400 naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        expect(await outcome(fastPipe, clone(value))).toStrictEqual(await outcome(classValidatorPipe, clone(value)));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    [{ input: ['a', 'b'] }, { input: ['a', 'b'] }],
    [{ input: 'a', model: 'm', encoding_format: 'base64', dimensions: 384, user: 'u', extra: 1 }, { input: 'a', model: 'm', encoding_format: 'base64', dimensions: 384, user: 'u' }],
  ])('accepts %j as the DTO %j (unknown fields dropped)', (value, expected) => {
    const dto = acceptCreateEmbeddings(value, constraint);
    expect(dto).toBeInstanceOf(CreateEmbeddingsDto);
    expect({ ...dto }).toEqual(expected);
  });

  it.each([
    { input: [] },
    { input: 'x'.repeat(MAX_CHARS + 1) },
    { input: ['a'], model: null },
    { input: ['a'], dimensions: 1.5 },
    { input: ['a'], encoding_format: 'FLOAT' },
    { model: 'm' },
    JSON.parse('{"input":"a","__proto__":{"x":1}}') as object,
    Object.assign(Object.create(null) as object, { input: 'a' }),
    ['a'],
  ])('leaves %j to class-validator', (value) => {
    expect(acceptCreateEmbeddings(value, constraint)).toBeNull();
  });

  it('class-validator still names the field of a refused body through the pipe with the fast path', async () => {
    await expect(fastPipe.transform({ input: ['ok', ''] }, metadata)).rejects.toThrow('input[1] must not be an empty string');
    await expect(fastPipe.transform({ input: 'a', encoding_format: 'FLOAT' }, metadata)).rejects.toThrow('encoding_format must be "float" or "base64"');
  });
});
