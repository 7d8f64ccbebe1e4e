/**
 * The add-on event object, declared here because @types/google-apps-script 2.0.13 gets it wrong
 * (PLATFORM.md: conferenceData under capabilities, no canAddAttachments). V8 shape: form inputs have
 * no [''] level.
 */

export interface StringInputs {
  stringInputs: { value: string[] };
}
export interface DateInput {
  dateInput: { msSinceEpoch: string };
}
export interface DateTimeInput {
  dateTimeInput: { msSinceEpoch: string; hasDate?: boolean; hasTime?: boolean };
}
export type FormInput = StringInputs | DateInput | DateTimeInput | Record<string, unknown>;

export interface CommonEventObject {
  hostApp?: 'CALENDAR' | 'GMAIL' | string;
  platform?: 'WEB' | 'IOS' | 'ANDROID' | string;
  /** Action.setParameters: string → string. */
  parameters?: Record<string, string>;
  formInputs?: Record<string, FormInput>;
  userLocale?: string;
  timeZone?: { id?: string; offset?: number };
}

export interface CalendarAttendee {
  email?: string;
  optional?: boolean;
  organizer?: boolean;
  self?: boolean;
  resource?: boolean;
  responseStatus?: string;
  displayName?: string;
}

export interface CalendarCapabilities {
  canAddAttendees?: boolean;
  canSeeAttendees?: boolean;
  canAddAttachments?: boolean;
  canSetConferenceData?: boolean;
  canSeeConferenceData?: boolean;
}

/** `e.calendar`: NEVER title, description, start/end, attachments or extended properties. */
export interface CalendarEventInfo {
  id?: string;
  calendarId?: string;
  organizer?: { email?: string };
  recurringEventId?: string;
  attendees?: CalendarAttendee[];
  capabilities?: CalendarCapabilities;
  conferenceData?: unknown;
}

export interface GmailEventInfo {
  messageId?: string;
  threadId?: string;
  accessToken?: string;
}

export interface AddonEvent {
  commonEventObject?: CommonEventObject;
  calendar?: CalendarEventInfo;
  gmail?: GmailEventInfo;
  /** Legacy top-level mirrors some hosts still send. */
  parameters?: Record<string, string>;
  messageMetadata?: { messageId?: string; accessToken?: string };
}
