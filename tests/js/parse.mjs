// Reads an iCalendar document on stdin, parses it with ical.js and prints JSON:
// {"method": ..., "events": [{uid, sequence, method, dtstart, dtend, summary, status, ...}]}.
// A document ical.js cannot parse exits with status 1 and the error on stderr.
// Used by tests/ical_parsers.py; times are given in UTC using the document's own VTIMEZONEs.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(0, "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
if (calendar.name !== "vcalendar") {
  throw new Error(`expected a VCALENDAR, got ${calendar.name}`);
}
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}

const method = calendar.getFirstPropertyValue("method");
const utc = (time) => (time ? (time.isDate ? time.toString() : time.toJSDate().toISOString().replace(".000Z", "Z")) : null);
const text_of = (value) => (value === null || value === undefined ? null : String(value));

const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    sequence: event.sequence,
    method: method ?? null,
    dtstart: utc(event.startDate),
    dtend: utc(event.endDate),
    tzid: event.startDate && !event.startDate.isDate ? event.startDate.zone?.tzid ?? null : null,
    summary: text_of(event.summary),
    location: text_of(event.location),
    description: text_of(event.description),
    status: text_of(vevent.getFirstPropertyValue("status")),
    url: text_of(vevent.getFirstPropertyValue("url")),
    organizer: text_of(vevent.getFirstPropertyValue("organizer")),
    attendees: vevent.getAllProperties("attendee").map((p) => String(p.getFirstValue())),
  };
});
process.stdout.write(JSON.stringify({ method: method ?? null, events }));
