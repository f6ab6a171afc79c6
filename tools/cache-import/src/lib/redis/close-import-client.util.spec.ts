import type { Redis } from 'ioredis';
import { closeImportClient } from './close-import-client.util';

describe('closeImportClient', () => {
  it('disconnects a live client and leaves an ended one alone', () => {
    const live = { status: 'ready', disconnect: jest.fn() };
    const ended = { status: 'end', disconnect: jest.fn() };

    closeImportClient(live as unknown as Redis);
    closeImportClient(ended as unknown as Redis);

    expect(live.disconnect).toHaveBeenCalledTimes(1);
    expect(ended.disconnect).not.toHaveBeenCalled();
  });
});
