// The task ledger read back by Debian's openpyxl: the columns, the close-out text, lateness, and
// health text hidden for a masked export.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { maskFor } from '../../domain/mask.js';
import { readWithOpenpyxl, records, sheetByName } from '../../../test/kits/readBack.js';
import { TASK_SHEET, writeTaskLedger, type TaskLedgerRow } from './tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'tuopin-task-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (over: Partial<TaskLedgerRow>): TaskLedgerRow => ({
  id: 'ZG1',
  householdId: 'H001',
  memberId: null,
  indicator: 'housing',
  dueDate: '2018-11-30',
  status: 'open',
  sector: '住建',
  note: '危房改造',
  townshipCode: 'T',
  villageCode: 'V',
  responsible: '王五',
  proposed: false,
  startedAt: null,
  doneBy: null,
  doneByName: null,
  doneAt: null,
  evidenceNote: null,
  evidenceDate: null,
  closeOut: null,
  verifiedBy: null,
  verifiedByName: null,
  verifiedAt: null,
  returnReason: null,
  declineReason: null,
  townshipName: '城关镇',
  villageName: '红星村',
  headName: '张三',
  memberName: null,
  overdue: false,
  attachments: 0,
  ...over,
});

it('writes one row per task with sector, responsible person, lateness and the close-out, readable by openpyxl', async () => {
  const file = join(dir, 'tasks.xlsx');
  await writeTaskLedger(
    file,
    [
      row({
        id: 'ZG1',
        status: 'verified',
        evidenceNote: '竣工',
        evidenceDate: '2018-11-18',
        doneByName: '县住建局',
        verifiedByName: '城关镇',
        verifiedAt: '2018-11-20T02:00:00Z',
        closeOut: { kind: 'housing', gradeBefore: 'D', gradeAfter: 'A', acceptanceDate: '2018-11-18' },
        attachments: 2,
      }),
      row({ id: 'ZG2', indicator: 'medical', sector: '医保', status: 'in-progress', overdue: true, note: '患有大病，未参加大病保险' }),
    ],
    { mask: maskFor('public-notice'), generatedAt: '2018-11-20' },
  );
  const sheet = sheetByName(readWithOpenpyxl(file), TASK_SHEET);
  expect(sheet.values[0]?.[0]).toBe('补短板整改任务台账');
  const rows = records(sheet);
  expect(rows).toHaveLength(2);
  expect(rows[0]).toMatchObject({
    任务编号: 'ZG1',
    指标: '住房安全',
    责任部门: '住建',
    责任人: '王五',
    状态: '已验收',
    完成日期: '2018-11-18',
    验收人: '城关镇',
    验收日期: '2018-11-20',
    '佐证材料（份）': 2,
  });
  expect(String(rows[0]!['完成情况'])).toContain('D级→A级，2018-11-18 验收');
  expect(rows[1]).toMatchObject({ 任务编号: 'ZG2', 是否逾期: '逾期', 状态: '进行中' });
  expect(JSON.stringify(sheet.values)).not.toContain('大病');
  expect(sheet.freeze_panes).toBe('H3');
});
