// Issue 13 (hardening), against the scope matrix (test/kits/matrix.ts):
// - length limits: an oversized text field is a Chinese 400 naming the field, and nothing of it
//   is stored, copied into the change log or written to the server's log; the JSON body limit holds;
// - no exit without the procedure: a household's status and exit year change only through the
//   exit procedure or a county decision (logged as one); facts that decide an indicator wait for
//   the township's approval (the rulebook's changeApproval list, docs/rulebooks.md).
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../../test/dialects.js';
import { buildApp, type App } from '../../app.js';
import { ALL } from '../../../store/index.js';
import { createMatrix, MATRIX_ACCOUNTS, MATRIX_ROLES, signIn, type Matrix, type MatrixRole } from '../../../../test/kits/matrix.js';

type Outcome = { status: string; message: string; request: { id: string } | null; previous: { class: string } | null };
type Detail = {
  household: { status?: string; exitYear?: number | null; group?: string | null; water?: Record<string, unknown> };
  assessment: { class: string; indicators: { indicator: string; met: boolean }[] } | null;
};

const BAD_WATER = { secured: false, piped: false, fetchMinutes: 60, litresPerPersonDay: 10, qualityOk: false, reliabilityPercent: 50 };

describeEachDialect('hardening: length limits and no bypass of the exit procedure or approvals', (testDb) => {
  let m: Matrix;

  beforeAll(async () => {
    m = await createMatrix(await testDb.fresh());
  });
  afterAll(() => m.close());

  const own = (role: MatrixRole, i = 0) => m.expect[role].households.in[i]!;
  const detail = async (role: MatrixRole, hid: string) => (await m.as(role).get(`/api/households/${hid}`)).json() as Detail;

  it('a 900,000-character group name is refused with a Chinese 400 naming the field; nothing is stored or logged', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app: App = await buildApp({ ...m.deps, config: { ...m.deps.config, logLevel: 'info' } }, { logStream });
    try {
      const village = await signIn(app, MATRIX_ACCOUNTS.village.username, 'village');
      const hid = own('village');
      const before = await m.store.changes.count();
      const huge = 'x'.repeat(900_000);
      const res = await village.patch(`/api/households/${hid}`, { fields: { group: huge }, reason: '测试' });
      expect(res.statusCode).toBe(400);
      const err = (res.json() as { error: { code: string; message: string } }).error;
      expect(err.code).toBe('validation');
      expect(err.message).toContain('自然村/组不能超过 30 个字符');
      expect(res.body).not.toContain('x'.repeat(100));
      expect(await m.store.changes.count()).toBe(before);
      expect((await detail('county', hid)).household.group).not.toBe(huge);
      expect(lines.length, 'the request was logged at all').toBeGreaterThan(0);
      expect(lines.join('').includes('x'.repeat(100)), 'the log holds none of the text').toBe(false);

      // A member name and a note likewise, each naming its field.
      const member = m.county.records.find((r) => r.household.id === hid)!.members[0]!;
      const long = await village.patch(`/api/households/${hid}/members/${member.id}`, { fields: { name: '张'.repeat(5000) }, reason: '测试' });
      expect(long.statusCode).toBe(400);
      expect((long.json() as { error: { message: string } }).error.message).toContain('姓名不能超过 50 个字符');
      expect(await m.store.changes.count()).toBe(before);
    } finally {
      await app.close();
    }
  });

  it('a JSON body over the 1 MiB limit answers 413 in Chinese', async () => {
    const res = await m.as('village').patch(`/api/households/${own('village')}`, { fields: { group: '组'.repeat(400_000) }, reason: '测试' });
    expect(res.statusCode).toBe(413);
    expect((res.json() as { error: { message: string } }).error.message).toBe('上传的内容太大');
  });

  it('PATCH with status exited is refused for every editor, and nothing changes', async () => {
    for (const role of ['village', 'township', 'county'] as const) {
      const hid = own(role);
      const was = await detail('county', hid);
      const before = await m.store.changes.count();
      for (const fields of [{ status: 'exited' }, { exitYear: 2018 }, { status: 'exited', exitYear: 2018, workTeam: '驻村工作队' }]) {
        const res = await m.as(role).patch(`/api/households/${hid}`, { fields, reason: '已脱贫' });
        expect(res.statusCode, `${role} ${JSON.stringify(fields)}`).toBe(400);
        expect((res.json() as { error: { message: string } }).error.message).toContain('退出程序');
      }
      expect(await m.store.changes.count(), role).toBe(before);
      const now = await detail('county', hid);
      expect(now.household.status).toBe(was.household.status);
      expect(now.household.exitYear).toBe(was.household.exitYear);
      expect(now.assessment?.class).toBe(was.assessment?.class);
    }
  });

  it('a water fact changed by the village waits for the township: the class moves only on approval', async () => {
    // A household of the village that meets the water indicator and is not already in the last class.
    let hid = '';
    let was: Detail | null = null;
    for (const id of m.expect.village.households.in) {
      const d = await detail('county', id);
      if (d.assessment?.indicators.find((i) => i.indicator === 'water')?.met === true && ['A', 'B'].includes(d.assessment.class)) {
        [hid, was] = [id, d];
        break;
      }
    }
    if (was === null) throw new Error('矩阵数据中没有饮水达标的 A/B 类农户');
    const res = await m.as('village').patch(`/api/households/${hid}`, { fields: { water: BAD_WATER }, reason: '入户核实饮水情况' });
    expect(res.statusCode).toBe(200);
    const out = res.json() as Outcome;
    expect(out.status).toBe('pending');
    expect(out.message).toBe('已提交，待乡镇审核');
    const pending = await detail('county', hid);
    expect(pending.household.water).toEqual(was.household.water);
    expect(pending.assessment?.class).toBe(was.assessment?.class);
    expect(pending.assessment?.indicators.find((i) => i.indicator === 'water')?.met).toBe(true);

    // The village cannot approve its own request; the township can.
    expect((await m.as('village').post(`/api/change-requests/${out.request!.id}/approve`, {})).statusCode).toBe(403);
    const ok = await m.as('township').post(`/api/change-requests/${out.request!.id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    const after = await detail('county', hid);
    expect(after.household.water).toMatchObject(BAD_WATER);
    expect(after.assessment?.indicators.find((i) => i.indicator === 'water')?.met).toBe(false);
    expect(after.assessment?.class).not.toBe(was.assessment?.class);
  });

  it('housing, insurance, schooling and health facts wait for approval too; other facts apply at once', async () => {
    const hid = own('village', 2);
    const member = m.county.records.find((r) => r.household.id === hid)!.members[0]!;
    const insured = member.basicMedical !== false;
    const housing = await m.as('village').patch(`/api/households/${hid}`, { fields: { housing: { grade: 'D', renovation: 'none', area: 60 } }, reason: '危房鉴定' });
    expect((housing.json() as Outcome).status).toBe('pending');
    for (const fields of [{ basicMedical: !insured }, { schoolStatus: member.schoolStatus === 'grade8' ? 'none' : 'grade8' }, { health: member.health === 'disabled' ? 'healthy' : 'disabled' }]) {
      const r = await m.as('village').patch(`/api/households/${hid}/members/${member.id}`, { fields, reason: '入户核实' });
      expect(r.statusCode, `${JSON.stringify(fields)}: ${r.body}`).toBe(200);
      expect((r.json() as Outcome).status, JSON.stringify(fields)).toBe('pending');
    }
    const plain = await m.as('village').patch(`/api/households/${hid}`, { fields: { workTeam: '县水务局驻村工作队' }, reason: '工作队调整' });
    expect((plain.json() as Outcome).status).toBe('applied');
  });

  it('the county decision on a household’s status: county only, with a document and a reason, logged as a county decision', async () => {
    for (const role of MATRIX_ROLES) {
      if (role === 'county') continue;
      const r = await m.as(role).post(`/api/households/${own(role)}/status-decision`, { status: 'exited', exitYear: 2018, document: '县扶贫办〔2018〕12号', reason: '县级决定' });
      expect(r.statusCode, role).toBe(403);
      expect(m.leaks(role, r.body)).toEqual([]);
    }
    const hid = own('county', 3);
    const noReason = await m.as('county').post(`/api/households/${hid}/status-decision`, { status: 'exited', exitYear: 2018, document: '县扶贫办〔2018〕12号', reason: '' });
    expect(noReason.statusCode).toBe(400);
    const res = await m.as('county').post(`/api/households/${hid}/status-decision`, {
      status: 'exited',
      exitYear: 2018,
      document: '县扶贫办〔2018〕12号',
      reason: '经县扶贫开发领导小组审定',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as Outcome).status).toBe('applied');
    const now = await detail('county', hid);
    expect(now.household.status).toBe('exited');
    expect(now.household.exitYear).toBe(2018);
    const rows = (await m.store.changes.forHousehold(ALL, hid)).filter((c) => c.entity === 'household');
    const last = rows.at(-1)!;
    expect(last.after).toMatchObject({ status: 'exited', exitYear: 2018 });
    expect(last.reason).toBe('县级决定（县扶贫办〔2018〕12号）：经县扶贫开发领导小组审定');
    expect(last.actor.name).toBe(MATRIX_ACCOUNTS.county.name);
  });
});
