// The World: everything the local stand-in for Google holds between executions. Plain JSON, so the
// workbench can persist it to a file and tests can snapshot it. Each backend owns one slice and its
// semantics; this file only composes them and keeps the clock and the user directory.
import { initialCalendarState, type CalendarState } from './backends/calendar';
import { initialGmailState, type GmailState } from './backends/gmail';
import { initialDriveState, type DriveState } from './backends/sheets';
import { initialStorageState, type StorageState } from './backends/storage';
import { initialIdentityState, type IdentityState } from './backends/identity';
import { initialTriggerState, type TriggerState } from './backends/triggers';
import { initialMailState, type MailQuotaState } from './backends/mail';

export interface WorkingHours {
  /** 'HH:MM' in the user's own time zone. */
  start: string;
  end: string;
  /** ISO weekdays 1 (Mon) .. 7 (Sun). */
  days: number[];
}

export interface UserRecord {
  email: string;
  name: string;
  /** Workspace domain (hosted domain); absent for consumer accounts such as gmail.com. */
  domain?: string;
  timeZone: string;
  locale?: string;
  workingHours?: WorkingHours;
}

export interface WorldState {
  version: 1;
  clockMs: number;
  users: Record<string, UserRecord>;
  calendar: CalendarState;
  gmail: GmailState;
  drive: DriveState;
  storage: StorageState;
  identity: IdentityState;
  /** Installed time-driven triggers (optional: worlds saved before they existed). */
  triggers?: TriggerState;
  /** MailApp's daily recipient counts. */
  mail?: MailQuotaState;
}

export class World {
  state: WorldState;

  constructor(state?: WorldState) {
    this.state = state ?? {
      version: 1,
      clockMs: Date.UTC(2026, 0, 1),
      users: {},
      calendar: initialCalendarState(),
      gmail: initialGmailState(),
      drive: initialDriveState(),
      storage: initialStorageState(),
      identity: initialIdentityState(),
      triggers: initialTriggerState(),
      mail: initialMailState(),
    };
  }

  now(): number {
    return this.state.clockMs;
  }

  /** Moves the clock forward. The clock never moves back (scenario rule; also what Google does). */
  advanceTo(ms: number): void {
    if (ms < this.state.clockMs) {
      throw new Error(
        `The clock cannot move back (from ${new Date(this.state.clockMs).toISOString()} to ${new Date(ms).toISOString()})`,
      );
    }
    this.state.clockMs = ms;
  }

  addUser(user: Omit<UserRecord, 'timeZone'> & { timeZone?: string }): UserRecord {
    const email = user.email.trim().toLowerCase();
    const record: UserRecord = { timeZone: 'UTC', ...user, email };
    this.state.users[email] = record;
    return record;
  }

  user(email: string): UserRecord | undefined {
    return this.state.users[email.trim().toLowerCase()];
  }

  /** A user record for anyone, including people the directory does not know (outside coaches). */
  userOrGuest(email: string): UserRecord {
    const known = this.user(email);
    if (known) return known;
    const lower = email.trim().toLowerCase();
    return { email: lower, name: lower.split('@')[0] ?? lower, timeZone: 'UTC' };
  }

  toJSON(): string {
    return JSON.stringify(this.state);
  }

  static fromJSON(json: string): World {
    const state = JSON.parse(json) as WorldState;
    if (state.version !== 1) throw new Error(`Unsupported world file version ${String(state.version)}`);
    return new World(state);
  }
}
