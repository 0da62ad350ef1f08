"""deadlines-<cluster>.ics: a cluster's deadlines as an iCalendar (RFC 5545) file a cluster
leader can import or subscribe to: one all-day event on the first day of each lower status
that a quarterly evaluation within the forecast's horizon would see."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from reports.formats import format_day
from reports.messages import MESSAGES, say
from scoring.criteria import TITLES
from scoring.deadlines import deadlines
from scoring.model import ClusterResult
from scoring.period import Period


def deadlines_calendar(result: ClusterResult, period: Period, lang: str) -> bytes:
    """Every drop a quarterly evaluation within the forecast's horizon would see, the
    next evaluation's first (the cluster page lists those). The UID names cluster, criterion and
    date, so a later evaluation's file updates an imported event instead of adding one;
    the stamp is the as-of date, so the same evaluation writes the same bytes."""
    words = MESSAGES[lang]

    def day(value: date) -> str:
        return format_day(value, lang)

    calendar = Calendar()
    calendar.add("prodid", "-//Lapin liitto//clustereval//FI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", words["deadlines_calendar"].format(name=result.name))
    stamp = datetime(period.as_of.year, period.as_of.month, period.as_of.day, tzinfo=UTC)
    for deadline in deadlines(result, every=True):
        event = Event()
        event.add("uid", f"{result.cluster_id}-{deadline.criterion}-"
                         f"{deadline.drops_on.isoformat()}@clustereval")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.drops_on)
        event.add("dtend", deadline.drops_on + timedelta(days=1))
        event.add("summary", words["deadline_summary"].format(
            criterion=deadline.criterion, title=say(TITLES[deadline.criterion], lang),
            status=words[f"status_{deadline.status.value}"]))
        event.add("description", " ".join([
            say(deadline.next_step, lang),
            words["drop_seen_sentence" if deadline.falls_to is deadline.drops_to
                  else "drop_seen_twice_sentence"].format(
                status=words[f"status_{deadline.falls_to.value}"], date=day(deadline.drops_on),
                drops_to=words[f"status_{deadline.drops_to.value}"],
                evaluation=day(deadline.seen_by))]))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
