// Every write path must keep the change log's hash chain whole (docs/audit.md). Service test files
// close their store through this, so a use case that writes changes another way fails its own tests.
import { expect } from 'vitest';
import type { Store } from '../src/store/index.js';

export async function closeCheckingChain(store: Store): Promise<void> {
  try {
    const report = await store.audit.verify({ actor: { id: 'test', name: '测试' }, record: false });
    expect(report.breaks, '变更日志哈希链应完好').toEqual([]);
    expect(report.intact).toBe(true);
  } finally {
    await store.close();
  }
}
