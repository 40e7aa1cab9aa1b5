// The task sheet (整改任务): one remediation task per row, checked against the roster's
// households and members once every sheet is read.
import type { IndicatorCode, Task, TaskStatus } from '../../domain/types.js';
import { assertCovers, bindFields } from './context.js';
import type { FieldReaders, ParseContext, SheetState } from './context.js';
import { enumCell, enumChoices } from './enums.js';
import type { HouseholdDraft } from './householdFields.js';
import { field } from './profile.js';
import type { DataRows, RowRef } from './rows.js';
import { readDate, readKey, readText } from './values.js';

/** The value type of each task-sheet field, by the profile's field key. */
interface TaskFields {
  taskId: string;
  householdId: string;
  memberId: string;
  taskIndicator: IndicatorCode;
  taskSector: string;
  taskDueDate: string;
  taskStatus: TaskStatus;
  taskNote: string;
}

const TASK_READERS: FieldReaders<TaskFields> = {
  taskId: readKey,
  householdId: readKey,
  memberId: readKey,
  taskIndicator: enumCell('indicator'),
  taskSector: readText,
  taskDueDate: readDate,
  taskStatus: enumCell('taskStatus'),
  taskNote: readText,
};

assertCovers(TASK_READERS, 'task', (d) => d.target === 'task' || d.target === 'householdKey' || d.target === 'memberKey');

export class Tasks {
  private readonly rows: { ref: RowRef; task: Task }[] = [];

  constructor(private readonly ctx: ParseContext) {}

  readSheet(st: SheetState, rows: DataRows): void {
    const si = st.index;
    const ctx = this.ctx;
    const bindings = bindFields(st, TASK_READERS);
    for (let r = rows.next(); r !== null; r = rows.next()) {
      st.summary.rowsRead++;
      const read = ctx.readRecord(st, r, bindings);
      const values = read.values;
      let ok = read.ok;
      const missing = (key: keyof TaskFields, what: string): void => {
        ok = false;
        ctx.error('missing-value', si, r.row, st.cols.get(key) ?? null, null, `${field(key).label}为空：${what}`);
      };
      const { taskId: id, householdId, taskIndicator: indicator, taskDueDate: dueDate } = values;
      if (id === undefined) missing('taskId', '每个整改任务都要有唯一的任务编号');
      if (householdId === undefined) missing('householdId', '请填写任务所属户的户编号');
      if (indicator === undefined && !r.cells[st.cols.get('taskIndicator')?.col ?? -1]) {
        missing('taskIndicator', `请填写未达标的指标：${enumChoices('indicator')}`);
      }
      if (dueDate === undefined && !r.cells[st.cols.get('taskDueDate')?.col ?? -1]) missing('taskDueDate', '请填写完成时限（日期）');
      if (!ok || id === undefined || householdId === undefined || indicator === undefined || dueDate === undefined) continue;
      this.rows.push({
        ref: { sheet: si, row: r.row },
        task: {
          id,
          householdId,
          memberId: values.memberId ?? null,
          indicator,
          dueDate,
          status: values.taskStatus ?? 'open',
          sector: values.taskSector ?? null,
          note: values.taskNote ?? null,
        },
      });
    }
  }

  /** The tasks whose number is unique and whose household and member are in the roster. */
  build(drafts: ReadonlyMap<string, HouseholdDraft>): Task[] {
    const ctx = this.ctx;
    const out: Task[] = [];
    const seen = new Map<string, RowRef>();
    for (const { ref, task } of this.rows) {
      const st = ctx.sheets[ref.sheet]!;
      const prev = seen.get(task.id);
      if (prev) {
        ctx.error(
          'duplicate-task',
          ref.sheet,
          ref.row,
          st.cols.get('taskId') ?? null,
          task.id,
          `任务编号“${task.id}”与${ctx.placeOf(prev, ref.sheet)}重复：每个任务编号只能用一次`,
        );
        continue;
      }
      seen.set(task.id, ref);
      const d = drafts.get(task.householdId);
      if (!d || d.members.length === 0) {
        ctx.error(
          'task-unknown-household',
          ref.sheet,
          ref.row,
          st.cols.get('householdId') ?? null,
          task.householdId,
          `户编号“${task.householdId}”在花名册中不存在：请核对整改任务的户编号`,
        );
        continue;
      }
      if (task.memberId !== null && !d.members.some((m) => m.id === task.memberId)) {
        ctx.error(
          'task-unknown-member',
          ref.sheet,
          ref.row,
          st.cols.get('memberId') ?? null,
          task.memberId,
          `人编号“${task.memberId}”不是户编号“${task.householdId}”的成员：请核对整改任务的人编号`,
        );
        continue;
      }
      out.push(task);
    }
    return out;
  }
}
