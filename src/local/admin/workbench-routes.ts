/**
 * The admin side of the workbench's HTTP server, kept in one place so the workbench itself needs a
 * single hook (src/local/workbench/http.ts):
 * - the Sheets v4 / Drive v3 stand-in the admin CLI's `--local URL` talks to (rest.ts), over the
 *   workbench's World (a Sheet made by `setup --local` is one the gateway can open);
 * - GET /api/sheet.xlsx?as=EMAIL: the usage Sheet as a real .xlsx, for whoever may open it (Drive ACL).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { World } from '../runtime/world';
import { findSheet, getFile, readSheet, roleOf, serialFromInstant } from '../runtime/backends/sheets';
import { handleGoogleApi } from './rest';
import { xlsx } from './xlsx';

export interface AdminRouteContext {
  world: World;
  /** The usage Sheet's id (the workbench's company). */
  sheetId: string | undefined;
  /** Called after the stand-in changed the World (the workbench saves its data file). */
  onChange?: () => void;
}

/** The usage Sheet (every tab) as .xlsx bytes, if `user` may open it; null otherwise. */
export function usageSheetXlsx(world: World, sheetId: string, user: string): { name: string; bytes: Buffer } | null {
  const f = getFile(world, sheetId);
  if (!roleOf(f, world.userOrGuest(user).email)) return null;
  const sheets = f.sheets.map((sh) => ({
    name: sh.name,
    rows: readSheet(world, sheetId, sh.name),
    frozenRows: findSheet(f, sh.name)?.frozenRows ?? 0,
    // Dates as the Sheet shows them: the wall clock of the spreadsheet's time zone.
    dateSerial: (d: Date) => serialFromInstant(d.getTime(), f.timeZone),
  }));
  return { name: `${f.name.replace(/[^\w .-]+/g, ' ').trim() || 'usage'}.xlsx`, bytes: xlsx(sheets) };
}

/** Handles the admin routes (true), or leaves the request to the workbench (false). */
export function handleAdminRoutes(req: IncomingMessage, res: ServerResponse, ctx: AdminRouteContext): boolean {
  if (handleGoogleApi(req, res, ctx.world, { onChange: ctx.onChange })) return true;
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== '/api/sheet.xlsx' || req.method !== 'GET') return false;
  const as = url.searchParams.get('as') ?? '';
  const file = ctx.sheetId ? usageSheetXlsx(ctx.world, ctx.sheetId, as) : null;
  if (!file) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${as || 'This person'} cannot open the usage Sheet.`);
    return true;
  }
  res.writeHead(200, {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${file.name}"`,
    'content-length': file.bytes.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(file.bytes);
  return true;
}
