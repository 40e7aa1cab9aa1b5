// What the data routes share: turning service refusals into HTTP errors, and the sector
// projection of list rows (projection.ts decides what a sector sees; this applies it to the
// list shape, which is not a whole record).
import type { IndicatorCode } from '../../../domain/types.js';
import { AccessError } from '../../../services/access.js';
import { NothingToAssessError } from '../../../services/assessCounty.js';
import { ExportError } from '../../../services/exportLedgers.js';
import type { FieldFilter } from '../../../services/history.js';
import type { HouseholdListItem } from '../../../services/searchHouseholds.js';
import type { Household, Member, Task } from '../../../domain/types.js';
import type { Viewer } from '../../auth/viewer.js';
import type { HouseholdListItem as HouseholdListItemView } from '../../../contract/api.js';
import { forbidden, HttpError } from '../../errors.js';
import { householdFieldVisible, incomeVisible, indicatorVisible, memberFieldVisible, projectTasks, sectorView } from '../../projection.js';

export function toHttpError(e: unknown): unknown {
  if (e instanceof AccessError) return new HttpError(e.status, e.code, e.message);
  if (e instanceof NothingToAssessError) return new HttpError(409, 'nothing-to-assess', e.message);
  if (e instanceof ExportError) return new HttpError(409, 'export-unavailable', e.message);
  return e;
}

/** Runs a service call, rethrowing its refusals as the HTTP errors the error handler formats. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toHttpError(e);
  }
}

/** A list row as the viewer may see it: a sector user loses per-capita income, cause and other sectors' failing indicators. */
export function projectListItem(viewer: Viewer, item: HouseholdListItem): HouseholdListItemView {
  const out: HouseholdListItemView = { ...item, failing: item.failing.filter((c) => indicatorVisible(viewer, c as IndicatorCode)) };
  if (!incomeVisible(viewer)) delete out.perCapita;
  if (!householdFieldVisible(viewer, 'mainCause')) delete out.mainCause;
  return out;
}

/** Filters and sorts on fields the viewer cannot see would reveal them through the results. */
export function assertListQueryVisible(viewer: Viewer, q: { indicator?: string | undefined; cause?: string | undefined; sort?: string | undefined }): void {
  if (q.indicator !== undefined && !indicatorVisible(viewer, q.indicator as IndicatorCode)) throw forbidden('您的账号不能按该指标筛选');
  if (q.cause !== undefined && !householdFieldVisible(viewer, 'mainCause')) throw forbidden('您的账号不能按致贫原因筛选');
  if (q.sort === 'perCapita' && !incomeVisible(viewer)) throw forbidden('您的账号不能按人均纯收入排序');
}

/** History lines limited to what the projection shows the viewer; null for roles that see everything. */
export function historyFilter(viewer: Viewer, tasks: readonly Task[]): FieldFilter {
  if (sectorView(viewer) === null) return null;
  const visibleTasks = new Set(projectTasks(viewer, tasks).map((t) => t.id));
  return (change, path) => {
    const top = path.split('.')[0] ?? path;
    switch (change.entity) {
      case 'household':
        return path === '*' || householdFieldVisible(viewer, top as keyof Household);
      case 'member':
        return path === '*' || memberFieldVisible(viewer, top as keyof Member);
      case 'income':
        return incomeVisible(viewer);
      case 'task':
        return visibleTasks.has(change.entityId);
      case 'attachment':
        return visibleTasks.has(String(change.after?.['taskId'] ?? ''));
      default:
        return false;
    }
  };
}

/** `attachment` with an ASCII fallback name and the real (Chinese) name as RFC 5987 filename*. */
export function contentDisposition(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
