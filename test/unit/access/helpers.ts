import { join } from 'node:path';
import { silentLogger } from '../../../hub/core/logger';
import { openStore } from '../../../hub/store/index';
import type { Store } from '../../../hub/store/index';
import type { TransportConfig } from '../../../shared/types';
import { ManualClock, tempDir } from '../store/helpers';

export { ManualClock };

/** A real store in a temp dir, and a way to add disabled servers quickly. */
export function testStore(clock = new ManualClock()): { store: Store; clock: ManualClock; addServer(name: string): string; cleanup(): void } {
  const tmp = tempDir('patchbay-access-');
  const store = openStore(join(tmp.dir, 'patchbay.db'), { logger: silentLogger, clock });
  const transport: TransportConfig = { type: 'stdio', command: 'true', args: [], env: {} };
  return {
    store,
    clock,
    addServer: (name) => store.servers.create({ name, enabled: false, transport }).id,
    cleanup() {
      store.close();
      tmp.cleanup();
    },
  };
}
