/** A document as posted to `POST /v1/documents`. */
export interface FixtureDocument {
  id: string;
  text: string;
  metadata: Record<string, string | number | boolean>;
}

/** Three documents on different topics, for ingestion and retrieval tests. */
export const DOCUMENTS: readonly FixtureDocument[] = [
  {
    id: 'bread',
    metadata: { topic: 'cooking', year: 2024 },
    text:
      'Baking bread at home starts with flour, water, salt and yeast. Knead the dough for ten minutes until it is smooth and elastic.\n\n' +
      'Let the dough rise in a warm kitchen for an hour, shape the loaf, then bake it in a hot oven until the crust is golden brown.',
  },
  {
    id: 'volcanoes',
    metadata: { topic: 'geology', year: 2023 },
    text:
      'Volcanoes form where magma from the mantle rises through the crust. Basaltic lava flows are runny, while andesitic magma traps gas and erupts explosively.\n\n' +
      'Stratovolcanoes such as Mount Fuji are built from layers of ash and lava. Geologists monitor earthquakes, ground swelling and sulfur dioxide to forecast eruptions.\n\n' +
      'Shield volcanoes like Mauna Loa grow from countless thin basaltic lava flows and have gentle slopes.',
  },
  {
    id: 'sailing',
    metadata: { topic: 'sport', year: 2022 },
    text:
      'Sailing upwind means trimming the sails close and tacking through the wind. A sailor reads gusts on the water and eases the mainsheet to keep the boat flat.\n\n' +
      'Before leaving the harbour, check the forecast, the tides and the rigging.',
  },
];

/** A question that shares words with the second document (volcanoes) and with no other. */
export const QUESTION_ABOUT_SECOND = 'How do geologists forecast volcano eruptions from magma, lava and earthquakes?';

/** Polls `GET /v1/documents/:id` until the document is `ready` (or fails the test on `failed` or after `timeoutMs`). */
export async function waitForDocument(baseUrl: string, id: string, collection?: string, timeoutMs = 60_000): Promise<void> {
  const query = collection ? `?collection=${encodeURIComponent(collection)}` : '';
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(`${baseUrl}/v1/documents/${encodeURIComponent(id)}${query}`);
    last = await res.text();
    if (res.status === 200) {
      const { state, error } = JSON.parse(last) as { state: string; error: string | null };
      if (state === 'ready') return;
      if (state === 'failed') throw new Error(`document "${id}" failed: ${error}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`document "${id}" not ready within ${timeoutMs} ms (last answer: ${last})`);
}

/**
 * Polls `GET /v1/embedding-jobs/:id` until the job is `completed` or `failed`, or `timeoutMs`
 * passes, and returns the last answer's body (callers assert on its state and summary).
 */
export async function waitForJob(baseUrl: string, id: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await (await fetch(`${baseUrl}/v1/embedding-jobs/${encodeURIComponent(id)}`)).json()) as Record<string, unknown>;
    if (job['state'] === 'completed' || job['state'] === 'failed' || Date.now() >= deadline) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}
