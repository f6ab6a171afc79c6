export { FakeOpenAIServer } from './testing/fake-openai-server';
export { CountingEmbeddingProvider } from './testing/counting-embedding-provider';
export type { FakeOpenAIServerOptions, FakeOpenAIRequest, FakeOpenAIFailure, FakeOpenAICorruption } from './testing/fake-openai-server';
