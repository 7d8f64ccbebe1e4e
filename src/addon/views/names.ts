/** Names shown on cards, and the card actions' function names. */
export const ADDON_NAME = 'CCM Alignment';

/**
 * Every function a card action names (setFunctionName): each must be an export of main.ts, so a
 * top-level global of the bundle (test/build/bundles.test.ts and the add-on tests check it).
 */
export const ACTIONS = {
  confirm: 'onConfirmMeeting',
  cancel: 'onCancelMeeting',
  addParticipants: 'onAddParticipants',
  savePrep: 'onSavePrep',
  showToolkit: 'onShowToolkit',
  retry: 'onRetryPanel',
  suggestTimes: 'onSuggestTimes',
  openSchedule: 'onOpenScheduleForm',
  schedule: 'onScheduleMeeting',
  moveMeeting: 'onMoveMeeting',
  checkConnection: 'onCheckConnection',
  bookAnyway: 'onBookAnyway',
  editPlan: 'onEditPlan',
  addStep: 'onAddStep',
  markHeld: 'onMarkHeld',
  supportGoal: 'onSupportGoal',
} as const;

export type ActionKey = keyof typeof ACTIONS;
export type ActionName = (typeof ACTIONS)[ActionKey];
