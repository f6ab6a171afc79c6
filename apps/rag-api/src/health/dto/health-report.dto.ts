import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** One dependency in a health report, e.g. `embedding_cache: { status: 'down', message: '…' }`. */
const INDICATOR: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['up', 'down'] },
    message: { type: 'string', description: 'Why the dependency is down.' },
  },
  additionalProperties: true,
};

const BY_DEPENDENCY: SchemaObject = {
  type: 'object',
  additionalProperties: INDICATOR,
  description: 'By dependency: vector_store, embedding_cache.',
};

/**
 * Terminus' health report (`{ status, info, error, details }`), answered with 200 when `status`
 * is `ok` and 503 when it is `error`. A schema rather than a class: its maps are keyed by
 * dependency name, which class properties cannot say.
 */
export function healthReportSchema(status: 'ok' | 'error'): SchemaObject {
  return {
    type: 'object',
    required: ['status', 'info', 'error', 'details'],
    properties: {
      status: { type: 'string', enum: [status] },
      info: { ...BY_DEPENDENCY, description: 'The dependencies that are up.' },
      error: { ...BY_DEPENDENCY, description: 'The dependencies that are down.' },
      details: { ...BY_DEPENDENCY, description: 'Every dependency checked.' },
    },
  };
}
