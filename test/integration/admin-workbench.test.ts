// The admin side of the workbench (npm start): the usage Sheet downloads as a real .xlsx (opened
// here with the system's unzip and an independent ZIP reader, its sheet XML parsed), only for people
// who may open the Sheet; and the admin CLI runs against the workbench itself (`--local URL`): the
// demo company's usage, and a fresh Sheet made by `setup --local` that the workbench then serves.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAdmin } from '../../src/local/admin/cli';
import { crc32, xlsx } from '../../src/local/admin/xlsx';
import { usageFigures } from '../../src/local/host/company';
import { getFile, readSheet } from '../../src/local/runtime/backends/sheets';
import { startWorkbench, type RunningWorkbench } from '../../src/local/workbench/server';

/** An independent reader for a stored ZIP: entries by name, CRC checked bit by bit. */
function unzipStored(buf: Buffer): Map<string, string> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, string>();
  const crc = (data: Buffer) => {
    let c = ~0 >>> 0;
    for (const byte of data) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return (~c >>> 0) >>> 0;
  };
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const sum = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    expect(method).toBe(0);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    expect(crc(data)).toBe(sum);
    out.set(name, data.toString('utf8'));
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

/** Cell values of a worksheet's XML, by reference (inline strings, numbers, booleans). */
function cells(sheetXml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of sheetXml.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>(.*?)<\/c>/g)) {
    const text = /<t[^>]*>(.*?)<\/t>/.exec(m[3]!)?.[1] ?? /<v>(.*?)<\/v>/.exec(m[3]!)?.[1] ?? '';
    out.set(
      m[1]!,
      text
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    );
  }
  return out;
}

describe('xlsx writer', () => {
  test('a workbook the system unzip accepts; text never becomes a formula; dates get a date style', () => {
    const bytes = xlsx([
      {
        name: 'Usage',
        rows: [
          ['Company', 'Confirmed'],
          ['acme.test', 3],
          ['=HYPERLINK("http://x")', true],
        ],
        frozenRows: 1,
      },
      { name: 'Bad/name?', rows: [[new Date(Date.UTC(2026, 2, 2)), 'a & <b>']] },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'ccm-xlsx-'));
    const file = join(dir, 'u.xlsx');
    writeFileSync(file, bytes);
    expect(execFileSync('unzip', ['-t', file]).toString()).toMatch(/No errors detected/);
    const sheet1 = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml']).toString();
    const c = cells(sheet1);
    expect(c.get('A1')).toBe('Company');
    expect(c.get('B2')).toBe('3');
    expect(c.get('A3')).toBe('=HYPERLINK("http://x")');
    expect(sheet1).not.toMatch(/<f>/);
    expect(sheet1).toMatch(/state="frozen"/);
    const parts = unzipStored(bytes);
    expect(parts.get('xl/workbook.xml')).toMatch(/<sheet name="Usage".*<sheet name="Bad name"/);
    const c2 = cells(parts.get('xl/worksheets/sheet2.xml')!);
    expect(c2.get('A1')).toBe(String((Date.UTC(2026, 2, 2) - Date.UTC(1899, 11, 30)) / 86_400_000));
    expect(c2.get('B1')).toBe('a & <b>');
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926); // the CRC-32 check value
  });
});

describe('the workbench serves the admin CLI and the .xlsx download', () => {
  let wb: RunningWorkbench;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccm-wb-admin-'));
    wb = await startWorkbench({ port: 0, dataFile: join(dir, 'world.json'), reset: true });
  }, 120_000);
  afterAll(() => wb.close());

  test('GET /api/sheet.xlsx: the usage Sheet with every tab, for an admin; refused for a coachee', async () => {
    const world = wb.workbench.world;
    const sheetId = wb.workbench.meta.company.sheetId;
    const f = getFile(world, sheetId);
    const admin = f.editors[0]!;
    const res = await fetch(`${wb.url}/api/sheet.xlsx?as=${encodeURIComponent(admin)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const parts = unzipStored(Buffer.from(await res.arrayBuffer()));
    const names = [...parts.get('xl/workbook.xml')!.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(f.sheets.map((s) => s.name));
    const usageIndex = names.indexOf('Usage');
    expect(usageIndex).toBeGreaterThanOrEqual(0);
    const usage = cells(parts.get(`xl/worksheets/sheet${usageIndex + 1}.xml`)!);
    expect(usage.get('A1')).toBe('Company');
    expect(usage.get('D1')).toBe('Engaged coachees');
    expect(usage.get('A2')).toBe(wb.workbench.meta.company.scriptProperties.ALLOWED_DOMAIN);
    const coachee = String(readSheet(world, sheetId, 'Engagements')[1]![0]);
    expect(f.editors).not.toContain(coachee);
    const refused = await fetch(`${wb.url}/api/sheet.xlsx?as=${encodeURIComponent(coachee)}`);
    expect(refused.status).toBe(403);
  });

  test('`usage --local <workbench>` prints the demo company figures; `setup --local` makes a Sheet in the workbench World', async () => {
    const world = wb.workbench.world;
    const sheetId = wb.workbench.meta.company.sheetId;
    const owner = getFile(world, sheetId).owner;
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} };
    expect(
      await runAdmin(['usage', '--sheet', sheetId, '--quarter', 'all', '--csv', '--local', wb.url, '--as', owner], io),
    ).toBe(0);
    expect(err).toEqual([]);
    const lines = out.join('\n').split('\n').slice(1);
    const figures = usageFigures(world, sheetId);
    expect(lines).toEqual(
      figures.map((f) =>
        [
          f.company,
          f.quarter,
          f.engaged,
          f.met,
          f.noMeeting,
          f.confirmed,
          f.pending,
          f.cancelled,
          f.expired,
          f.sessions,
          f.initialMissed,
          // The outcome figures: empty until the overview build has run for the row (none has here).
          ...Array(7).fill(''),
        ].join(','),
      ),
    );
    expect(figures.length).toBeGreaterThan(0); // the demo company booked meetings through the add-on
    expect(figures.filter((f) => f.outcomes)).toEqual([]);

    out.length = 0;
    expect(
      await runAdmin(
        [
          'setup',
          '--domain',
          'example.test',
          '--time-zone',
          'Europe/Paris',
          '--admins',
          'boss@example.test',
          '--json',
          '--local',
          wb.url,
          '--as',
          owner,
        ],
        io,
      ),
    ).toBe(0);
    const made = JSON.parse(out.join('\n'));
    expect(getFile(world, made.sheetId).sheets.map((s) => s.name)).toContain('Usage');
  });
});
