/**
 * What `setup` sends to the Sheets API: the usage Sheet's tabs, formats, validations and
 * protections, built from the gateway's own tab specs (src/gateway/schema.ts), so the Sheet the CLI
 * makes is the Sheet the gateway expects (and makes itself for a tab that is missing). Pure.
 */
import { escapeHtml } from '../../core/html';
import type { ToolkitDocument } from '../../core/toolkit';
import { columnRuns, DATE_FORMAT, safeCell, SETTINGS_KEYS, TAB_ORDER, TABS, type TabSpec } from '../../gateway/schema';

export interface SetupSettings {
  domain: string;
  timeZone: string;
  quarters: 'engagement' | 'calendar' | 'fiscal';
  fiscalStartMonth: number;
  perQuarter: number;
  admins: string[];
  toolkitUrl: string;
}

const ROWS = 1000;

/** The spreadsheets.create body: every tab, header row frozen. */
export function createRequest(title: string, timeZone: string) {
  return {
    properties: { title, timeZone, locale: 'en_US' },
    sheets: TAB_ORDER.map((k) => ({
      properties: {
        title: TABS[k].name,
        // Every tab exactly as wide as its columns: Google counts empty cells toward the workbook's
        // 10,000,000 (README, the usage Sheet's size). At 300,000 Ledger rows 26 columns would be 7.8 M
        // cells where its 20 are 6.0 M; at 50,000 Engagements rows 26 would be 1.3 M where its 11 are
        // 0.55 M. An admin who wants a notes column adds one (and it counts).
        gridProperties: {
          rowCount: ROWS,
          columnCount: TABS[k].headers.length,
          frozenRowCount: 1,
        },
      },
    })),
  };
}

const CONDITION: Record<string, string> = {
  list: 'ONE_OF_LIST',
  date: 'DATE_IS_VALID',
  email: 'TEXT_IS_EMAIL',
  number: 'NUMBER_BETWEEN',
};

/**
 * The spreadsheets.batchUpdate requests for one tab: plain-text columns, date columns, validations
 * (warnings: strict false), and, for the gateway's own tabs, a protection only the owner and the
 * gateway's account may edit.
 */
export function formatRequests(sheetId: number, spec: TabSpec, editors: readonly string[]): object[] {
  const out: object[] = [];
  for (const [from, count] of columnRuns(spec.textColumns)) {
    out.push({
      repeatCell: {
        range: { sheetId, startRowIndex: 0, startColumnIndex: from - 1, endColumnIndex: from - 1 + count },
        cell: { userEnteredFormat: { numberFormat: { type: 'TEXT', pattern: '@' } } },
        fields: 'userEnteredFormat.numberFormat',
      },
    });
  }
  for (const [from, count] of columnRuns(spec.dateColumns ?? [])) {
    out.push({
      repeatCell: {
        range: { sheetId, startRowIndex: 1, startColumnIndex: from - 1, endColumnIndex: from - 1 + count },
        cell: { userEnteredFormat: { numberFormat: { type: 'DATE', pattern: DATE_FORMAT } } },
        fields: 'userEnteredFormat.numberFormat',
      },
    });
  }
  for (const v of spec.validations ?? []) {
    const values =
      v.kind === 'list'
        ? (v.values ?? []).map((x) => ({ userEnteredValue: x }))
        : v.kind === 'number'
          ? [{ userEnteredValue: String(v.min ?? 0) }, { userEnteredValue: String(v.max ?? 1e9) }]
          : undefined;
    out.push({
      setDataValidation: {
        range: { sheetId, startRowIndex: 1, startColumnIndex: v.col - 1, endColumnIndex: v.col },
        rule: {
          condition: { type: CONDITION[v.kind], ...(values ? { values } : {}) },
          inputMessage: v.help,
          strict: false,
          showCustomUi: v.kind === 'list',
        },
      },
    });
  }
  if (spec.protectedTab) {
    out.push({
      addProtectedRange: {
        protectedRange: {
          range: { sheetId },
          description: `${spec.name} is written by the CCM gateway only`,
          warningOnly: false,
          editors: { users: [...editors] },
        },
      },
    });
  }
  return out;
}

/** Settings rows (key, value, note), free text made formula-proof; written RAW. */
export function settingsRows(s: SetupSettings): string[][] {
  const values: Record<string, string> = {
    domain: s.domain,
    timeZone: s.timeZone,
    quarters: s.quarters,
    fiscalStartMonth: String(s.fiscalStartMonth),
    perQuarter: String(s.perQuarter),
    admins: s.admins.join(', '),
    toolkitUrl: s.toolkitUrl,
  };
  return SETTINGS_KEYS.map((k) => [k.key, values[k.key] ?? '', k.note].map((v) => String(safeCell(v))));
}

/** The toolkit as HTML for a Google Doc (Drive converts it on upload): headings, paragraphs, lists. */
export function toolkitHtml(doc: ToolkitDocument): string {
  const parts = [`<h1>${escapeHtml(doc.title)}</h1>`, `<p>${escapeHtml(doc.summary)}</p>`];
  for (const s of doc.sections) {
    parts.push(`<h2>${escapeHtml(s.heading)}</h2>`);
    for (const p of s.paragraphs ?? []) parts.push(`<p>${escapeHtml(p)}</p>`);
    if (s.bullets?.length) {
      const tag = s.numbered ? 'ol' : 'ul';
      parts.push(`<${tag}>${s.bullets.map((b) => `<li>${escapeHtml(b)}</li>`).join('')}</${tag}>`);
    }
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title></head><body>${parts.join('\n')}</body></html>`;
}
