// Sheets backend: who may read and write: file roles and protections.
import { ServiceError } from '../../service';
import { type DriveFile, MSG, type ProtectionState, type Rect, type SheetState } from './model';
import { intersects } from './grid';

// ---------------------------------------------------------------------------------------------------
// Access control (Drive-style: owner, editors, viewers) and protections
// ---------------------------------------------------------------------------------------------------

export type Role = 'owner' | 'writer' | 'reader';

export function roleOf(f: DriveFile, email: string): Role | null {
  const e = email.trim().toLowerCase();
  if (f.owner === e) return 'owner';
  if (f.editors.includes(e)) return 'writer';
  if (f.viewers.includes(e)) return 'reader';
  return null;
}

export function canEditProtection(f: DriveFile, p: ProtectionState, email: string): boolean {
  const e = email.toLowerCase();
  return f.owner === e || p.editors.includes(e);
}

/** Throws Google's protected-cell error when the user may not change these cells (warning-only protections let editors through, as they do for scripts). */
export function checkProtection(f: DriveFile, sh: SheetState, rect: Rect | null, email: string): void {
  for (const p of sh.protections) {
    if (p.warningOnly || canEditProtection(f, p, email)) continue;
    if (p.type === 'SHEET' || !rect || (p.rect && intersects(p.rect, rect))) throw new ServiceError(MSG.protectedCell);
  }
}
