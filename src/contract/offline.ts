// Taking a village along for offline capture (docs/offline.md): the village team's phone keeps
// its village's households, members, income forms and open tasks, each part with the version it
// was made on, and sends that version back with every change it queued while offline.
import { z } from 'zod';
import { TEXT_LIMITS as L, text } from '../domain/textLimits.js';
import { HouseholdDetailResponse } from './api.js';
import { TaskView } from './tasks.js';

const RecordVersions = z.object({
  household: text(L.id),
  income: text(L.id),
  /** member id -> version */
  members: z.record(z.string(), text(L.id)),
});

export const OfflineHousehold = z.object({
  household: HouseholdDetailResponse.shape.household,
  members: HouseholdDetailResponse.shape.members,
  income: z.object({ year: z.number().int(), items: z.record(z.string(), z.number()), note: text(L.shown).nullable() }).nullable(),
  /** The stored class (A/B/C…), null before the first assessment. */
  class: text(L.shown).nullable(),
  versions: RecordVersions,
});
export type OfflineHousehold = z.infer<typeof OfflineHousehold>;

export const OfflineTask = TaskView.pick({
  id: true,
  householdId: true,
  indicator: true,
  dueDate: true,
  status: true,
  note: true,
  memberName: true,
  headName: true,
  responsible: true,
  steps: true,
}).extend({
  version: text(L.id),
});
export type OfflineTask = z.infer<typeof OfflineTask>;

export const OfflineVillageResponse = z.object({
  /** When the server put the package together (ISO time). */
  takenAt: text(L.date),
  year: z.number().int(),
  villages: z.array(z.object({ code: text(L.shown), name: text(L.shown) })),
  households: z.array(OfflineHousehold),
  tasks: z.array(OfflineTask),
  /** The active rulebook's food-and-hygiene checklist, for closing such a task without signal. */
  hygieneChecklist: z.array(text(L.shown)),
  /** The active rulebook's class labels and colours, for the household cards without signal. */
  classes: z.array(z.object({ code: text(L.shown), label: text(L.shown), colour: text(L.shown).nullable() })),
});
export type OfflineVillageResponse = z.infer<typeof OfflineVillageResponse>;
