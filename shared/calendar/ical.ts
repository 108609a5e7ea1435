/**
 * An RFC 5545 iCalendar writer for the feed: VEVENTs and VTODOs. Written here rather than
 * taken from ical-generator, which writes no VTODO (tasks are half of the feed); the test
 * parses the output with ical.js (tests/unit/ical-feed.test.ts).
 *
 * What RFC 5545 asks of the text (section 3.1, 3.3.11):
 *  - content lines end in CRLF and are folded so that no line is longer than 75 octets
 *    (continuation lines start with one space, which counts), never inside a character;
 *  - TEXT values escape backslash, semicolon and comma, and write newlines as \n;
 *  - parameter values containing ":", ";" or "," are quoted, and cannot hold a quote.
 */

export interface ICalAttendee {
  name?: string;
  email: string;
}

interface Component {
  uid: string;
  /** DTSTAMP: when this version of the component was made */
  stamp: string;
  summary: string;
  description?: string;
  created?: string;
  lastModified?: string;
  sequence?: number;
}

export interface ICalEvent extends Component {
  kind: 'event';
  start: string;
  end: string;
  status: 'CONFIRMED' | 'CANCELLED';
  attendees?: ICalAttendee[];
}

export interface ICalTodo extends Component {
  kind: 'todo';
  due?: string;
  status: 'NEEDS-ACTION' | 'COMPLETED' | 'CANCELLED';
  completed?: string;
}

export interface ICalendar {
  /** PRODID: who made the calendar */
  productId: string;
  name: string;
  components: (ICalEvent | ICalTodo)[];
}

const LINE_OCTETS = 75;

export function renderICalendar(calendar: ICalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${text(calendar.productId)}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${text(calendar.name)}`,
    // How often subscribers should fetch the feed again (RFC 7986, and the older X- name).
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...calendar.components.flatMap((component) => (component.kind === 'event' ? eventLines(component) : todoLines(component))),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function eventLines(event: ICalEvent): string[] {
  return [
    'BEGIN:VEVENT',
    ...commonLines(event),
    `DTSTART:${dateTime(event.start)}`,
    `DTEND:${dateTime(event.end)}`,
    `STATUS:${event.status}`,
    ...(event.attendees ?? []).map((a) => `ATTENDEE${a.name ? `;CN=${paramValue(a.name)}` : ''}:mailto:${uri(a.email)}`),
    'END:VEVENT',
  ];
}

function todoLines(todo: ICalTodo): string[] {
  return [
    'BEGIN:VTODO',
    ...commonLines(todo),
    ...(todo.due ? [`DUE:${dateTime(todo.due)}`] : []),
    `STATUS:${todo.status}`,
    ...(todo.completed ? [`COMPLETED:${dateTime(todo.completed)}`] : []),
    'END:VTODO',
  ];
}

function commonLines(component: Component): string[] {
  return [
    `UID:${text(component.uid)}`,
    `DTSTAMP:${dateTime(component.stamp)}`,
    ...(component.created ? [`CREATED:${dateTime(component.created)}`] : []),
    ...(component.lastModified ? [`LAST-MODIFIED:${dateTime(component.lastModified)}`] : []),
    ...(component.sequence !== undefined ? [`SEQUENCE:${component.sequence}`] : []),
    `SUMMARY:${text(component.summary)}`,
    ...(component.description ? [`DESCRIPTION:${text(component.description)}`] : []),
  ];
}

/** UTC DATE-TIME form: 20260504T093000Z. */
export function dateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** Control characters other than newlines and tabs may not appear in a value at all. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A TEXT value: backslash, semicolon and comma escaped, any newline as \n. */
export function text(value: string): string {
  return value
    .replace(CONTROL, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value (CN): quoted when it holds ":", ";" or ","; quotes and newlines cannot be written, so they go. */
function paramValue(value: string): string {
  const clean = value.replace(CONTROL, '').replace(/["\r\n]/g, '');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** An email address in a mailto: URI value (no escaping there, so only what a URI can hold). */
function uri(email: string): string {
  return encodeURI(email.replace(CONTROL, ''));
}

/** Folds one content line into lines of at most 75 octets, never splitting a character's octets. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let room = LINE_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > room) {
      parts.push(current);
      current = '';
      octets = 0;
      room = LINE_OCTETS - 1; // the leading space of a continuation line counts
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
