// Sheets backend: data validation rules checked on write.
import { ServiceError } from '../../service';
import {
  type Cell,
  type CellPrimitive,
  MSG,
  type Rect,
  type SheetState,
  type ValidationRule,
  type ValidationSpec,
} from './model';
import { a1Of } from './a1';
import { cellValue, displayOf, isDateFormat } from './values';
import { contains, effectiveFormat, explicitFormatAt, rulesIn } from './grid';

export function checkValidations(sh: SheetState, rect: Rect, cells: Cell[][]): void {
  const rules = rulesIn(sh.validations, rect).filter((v) => !v.allowInvalid);
  if (!rules.length) return;
  for (let i = 0; i < cells.length; i++) {
    for (let j = 0; j < cells[i]!.length; j++) {
      const r = rect.r0 + i;
      const c = rect.c0 + j;
      let rule: ValidationRule | undefined;
      for (let k = sh.validations.length - 1; k >= 0; k--) {
        if (contains(sh.validations[k]!, r, c)) {
          rule = sh.validations[k];
          break;
        }
      }
      if (!rule || rule.allowInvalid) continue;
      const cell = cells[i]![j]!;
      if (cell === null) continue;
      const v = cellValue(cell)!;
      const nf = effectiveFormat(cell, explicitFormatAt(sh, r, c));
      if (!satisfies(rule, v, nf)) throw new ServiceError(MSG.invalidValidation(a1Of(r, c)));
    }
  }
}

export function satisfies(rule: ValidationSpec, v: CellPrimitive, nf: string | undefined): boolean {
  switch (rule.criteria) {
    case 'VALUE_IN_LIST':
      return rule.values.map(String).includes(displayOf(v, nf));
    case 'DATE_IS_VALID_DATE':
      return typeof v === 'number' && isDateFormat(nf);
    case 'TEXT_IS_VALID_EMAIL':
      return typeof v === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);
    case 'NUMBER_BETWEEN':
      return typeof v === 'number' && v >= Number(rule.values[0]) && v <= Number(rule.values[1]);
    case 'CHECKBOX':
      return typeof v === 'boolean';
  }
}
