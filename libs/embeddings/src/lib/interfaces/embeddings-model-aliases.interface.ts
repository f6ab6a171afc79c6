/** The `modelAliases` field of `EmbeddingsModuleOptions`. */
export interface EmbeddingsModelAliases {
  /**
   * Other model names that requests may name and that are served with the configured model
   * (`EMBEDDING_MODEL_ALIASES`). Matched exactly; responses and cache keys use the served model.
   * @default [] (only the served model)
   */
  modelAliases?: readonly string[];
}
