"""deadlines-<cluster>.ics: a cluster's deadlines as an iCalendar (RFC 5545) file a cluster
leader can import or subscribe to; one all-day event on the last day each status holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from reports.messages import MESSAGES
from scoring.criteria import TITLES
from scoring.deadlines import deadlines
from scoring.model import ClusterResult
from scoring.period import Period


def deadlines_calendar(result: ClusterResult, period: Period, lang: str) -> bytes:
    """Every deadline within the forecast's horizon. The UID names cluster, criterion and
    date, so a later evaluation's file updates an imported event instead of adding one;
    the stamp is the as-of date, so the same evaluation writes the same bytes."""
    words = MESSAGES[lang]
    calendar = Calendar()
    calendar.add("prodid", "-//Lapin liitto//clustereval//FI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", words["deadlines_calendar"].format(name=result.name))
    stamp = datetime(period.as_of.year, period.as_of.month, period.as_of.day, tzinfo=UTC)
    for deadline in deadlines(result):
        event = Event()
        event.add("uid", f"{result.cluster_id}-{deadline.criterion}-"
                         f"{deadline.holds_until.isoformat()}@clustereval")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.holds_until)
        event.add("dtend", deadline.holds_until + timedelta(days=1))
        event.add("summary", words["deadline_summary"].format(
            criterion=deadline.criterion, title=TITLES[deadline.criterion].get(lang),
            status=words[f"status_{deadline.status.value}"]))
        event.add("description", " ".join([
            deadline.next_step.get(lang),
            words["drops_to_sentence"].format(status=words[f"status_{deadline.drops_to.value}"],
                                              period=period.label)]))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
