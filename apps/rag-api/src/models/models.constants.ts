/** `owned_by` of every model listed: the server that answers for it. */
export const MODEL_OWNER = 'rag-api';
