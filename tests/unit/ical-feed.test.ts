/**
 * The iCalendar feed's text, checked against RFC 5545 by parsing it with a real parser
 * (ical.js, Mozilla's) and by looking at the raw lines: CRLF, 75-octet folding that never
 * splits a character, escaped TEXT, UID and DTSTAMP on every component.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { foldLine, renderICalendar, text } from '../../shared/calendar/ical';
import { toComponent } from '../../shared/calendar/feed';
import type { Activity } from '../../shared/activities/schemas';

const awkward = 'Kickoff; scope, budget \\ risks\nsecond line, "quoted"';
const longMultiByte = `Agenda: ${'Zürich – Straße 🚀 naïve café; '.repeat(12)}end`;

const activity = (overrides: Partial<Activity>): Activity => ({
  activityId: '01JAAAAAAAAAAAAAAAAAAAAAAA',
  type: 'meeting',
  subject: 'Meeting',
  relatedType: 'account',
  relatedId: '01JBBBBBBBBBBBBBBBBBBBBBBB',
  status: 'open',
  ownerId: '01JCCCCCCCCCCCCCCCCCCCCCCC',
  version: 3,
  createdAt: '2026-04-01T08:00:00.000Z',
  updatedAt: '2026-04-02T08:00:00.000Z',
  createdBy: '01JCCCCCCCCCCCCCCCCCCCCCCC',
  updatedBy: '01JCCCCCCCCCCCCCCCCCCCCCCC',
  ...overrides,
});

function feed() {
  const meeting = toComponent(
    activity({
      subject: awkward,
      description: longMultiByte,
      dueAt: '2026-05-04T09:30:00.000Z',
      durationMinutes: 45,
      attendees: [{ name: 'Doe, Jane; CFO', email: 'jane@example.com' }, { email: 'raj@example.com' }],
    }),
  )!;
  const task = toComponent(activity({ activityId: '01JDDDDDDDDDDDDDDDDDDDDDDD', type: 'task', subject: 'Send the quote, v2', dueAt: '2026-05-06T17:00:00.000Z' }))!;
  const done = toComponent(
    activity({ activityId: '01JEEEEEEEEEEEEEEEEEEEEEEE', type: 'task', subject: 'Call back', status: 'completed', completedAt: '2026-04-03T10:15:00.000Z' }),
  )!;
  return renderICalendar({ productId: '-//Serverless CRM//Activities feed//EN', name: 'CRM – Raj', components: [meeting, task, done] });
}

describe('the iCalendar feed', () => {
  it('ends every line in CRLF and folds no line past 75 octets, never inside a character', () => {
    const output = feed();
    expect(output.endsWith('\r\n')).toBe(true);
    expect(output).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    const bytes = Buffer.from(output, 'utf8');
    const lines = output.slice(0, -2).split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    // Some lines were folded (the description is long and multi-byte), and each physical
    // line is whole UTF-8 on its own: a split character would not decode strictly.
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(3);
    let start = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
        expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i))).not.toThrow();
        start = i + 2;
      }
    }
  });

  it('parses with ical.js back to the same text: escaping and unfolding round-trip', () => {
    const calendar = new ICAL.Component(ICAL.parse(feed()));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Serverless CRM//Activities feed//EN');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('CRM – Raj');

    const [event] = calendar.getAllSubcomponents('vevent');
    expect(event!.getFirstPropertyValue('summary')).toBe(awkward);
    expect(event!.getFirstPropertyValue('description')).toBe(longMultiByte);
    expect(String(event!.getFirstPropertyValue('dtstart'))).toBe('2026-05-04T09:30:00Z');
    expect(String(event!.getFirstPropertyValue('dtend'))).toBe('2026-05-04T10:15:00Z');
    expect(event!.getFirstPropertyValue('status')).toBe('CONFIRMED');
    const attendees = event!.getAllProperties('attendee');
    expect(attendees.map((a) => a.getFirstValue())).toEqual(['mailto:jane@example.com', 'mailto:raj@example.com']);
    expect(attendees[0]!.getParameter('cn')).toBe('Doe, Jane; CFO');

    const todos = calendar.getAllSubcomponents('vtodo');
    expect(todos.map((t) => t.getFirstPropertyValue('summary'))).toEqual(['Send the quote, v2', 'Call back']);
    expect(String(todos[0]!.getFirstPropertyValue('due'))).toBe('2026-05-06T17:00:00Z');
    expect(todos.map((t) => t.getFirstPropertyValue('status'))).toEqual(['NEEDS-ACTION', 'COMPLETED']);
    expect(String(todos[1]!.getFirstPropertyValue('completed'))).toBe('2026-04-03T10:15:00Z');

    for (const component of [event!, ...todos]) {
      expect(component.getFirstPropertyValue('uid')).toMatch(/^01J[A-Z]{23}@serverless-crm$/);
      expect(String(component.getFirstPropertyValue('dtstamp'))).toBe('2026-04-02T08:00:00Z');
    }
  });

  it('escapes TEXT as RFC 5545 says', () => {
    expect(text('a,b;c\\d\ne\r\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
    expect(text('bell\u0007gone')).toBe('bellgone');
  });

  it('folds at 75 octets, continuation lines counting their leading space', () => {
    const folded = foldLine(`DESCRIPTION:${'x'.repeat(200)}`).split('\r\n');
    expect(folded.map((l) => l.length)).toEqual([75, 75, 64]); // 212 characters: 75 + 74 + 63, each continuation after its space
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    // An emoji (4 octets) that would cross the limit moves to the next line whole.
    const emoji = foldLine(`SUMMARY:${'y'.repeat(65)}🚀🚀`).split('\r\n');
    expect(emoji).toEqual([`SUMMARY:${'y'.repeat(65)}`, ' 🚀🚀']);
  });

  it('puts meetings with a time and tasks in the feed, and nothing else', () => {
    expect(toComponent(activity({ type: 'meeting', dueAt: '2026-05-04T09:30:00.000Z' }))).toMatchObject({ kind: 'event', end: '2026-05-04T10:00:00.000Z' });
    expect(toComponent(activity({ type: 'meeting' }))).toBeUndefined();
    expect(toComponent(activity({ type: 'meeting', status: 'cancelled', dueAt: '2026-05-04T09:30:00.000Z' }))).toMatchObject({ status: 'CANCELLED' });
    expect(toComponent(activity({ type: 'task', status: 'cancelled' }))).toMatchObject({ kind: 'todo', status: 'CANCELLED' });
    expect(toComponent(activity({ type: 'call', dueAt: '2026-05-04T09:30:00.000Z' }))).toBeUndefined();
    expect(toComponent(activity({ type: 'note' }))).toBeUndefined();
  });
});
