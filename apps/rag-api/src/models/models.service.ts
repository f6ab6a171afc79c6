import { Injectable, NotFoundException } from '@nestjs/common';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import type { ModelListDto } from './dto/model-list.dto';
import type { ModelDto } from './dto/model.dto';
import { MODEL_OWNER } from './models.constants';

/**
 * The model names this server answers to, in the OpenAI models API's shape: the served model and
 * each alias (`EMBEDDING_MODEL_ALIASES`), all served by the same model.
 */
@Injectable()
export class ModelsService {
  /** `created` of every model: the Unix second this service was built, i.e. when the app booted. */
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(private readonly embeddings: EmbeddingsService) {}

  /** The served model, then each alias, as `GET /v1/models` answers. */
  list(): ModelListDto {
    return { object: 'list', data: this.ids().map((id) => this.describe(id)) };
  }

  /** The model named `id` exactly; a 404 `model_not_found` in OpenAI's error shape otherwise. */
  get(id: string): ModelDto {
    if (!this.ids().includes(id)) {
      throw new NotFoundException({
        message: `model ${JSON.stringify(id)} does not exist; this server serves ${JSON.stringify(this.embeddings.model)} (GET /v1/models lists every name)`,
        // OpenAI answers an unknown model with these, and its SDKs expose them as `code` and `param`.
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      });
    }
    return this.describe(id);
  }

  private ids(): string[] {
    return [this.embeddings.model, ...this.embeddings.modelAliases];
  }

  private describe(id: string): ModelDto {
    return { id, object: 'model', created: this.created, owned_by: MODEL_OWNER };
  }
}
